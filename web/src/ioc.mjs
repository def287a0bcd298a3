// The operations-centre wall (/ioc/wall) shows one panel at a time and moves to the next every few
// seconds (data-ioc-rotate), so a screen with no one at it cycles through every view. The live figures
// come from board.mjs, which serves both walls. Without JavaScript every panel is shown, one below the
// other, and the page reloads itself.
export function startIocRotation(root = document, schedule = setInterval) {
  const wall = root.querySelector("[data-ioc-rotate]");
  if (!wall) return null;
  const panels = [...wall.querySelectorAll(".mocua-ioc-wall__panel")];
  if (panels.length < 2) return null;
  const seconds = Number(wall.dataset.iocRotate) || 15;
  let current = 0;
  const show = () => panels.forEach((panel, i) => { panel.hidden = i !== current; });
  wall.classList.add("mocua-ioc-wall--rotating");
  show();
  return schedule(() => {
    current = (current + 1) % panels.length;
    show();
  }, seconds * 1000);
}

startIocRotation();
