// The board on the hall's screen (/board/wall) keeps its figures current without reloading: it listens
// to /board/events (server-sent events) and writes each "figures" event into the elements marked
// data-figure. EventSource reconnects by itself (the server suggests the delay with `retry:` and
// resumes from Last-Event-ID); meanwhile the status line says so. Without JavaScript the page refreshes
// itself through the meta element in its noscript.
export function startBoardWall(root = document) {
  const wall = root.querySelector("[data-board-events]");
  if (!wall || typeof EventSource === "undefined") return null;
  const status = wall.querySelector("[data-board-status]");
  const show = (live) => {
    wall.classList.toggle("mocua-wall--reconnecting", !live);
    if (status) status.textContent = live ? status.dataset.live : status.dataset.reconnecting;
  };
  const source = new EventSource(wall.dataset.boardEvents);
  source.addEventListener("open", () => show(true));
  source.addEventListener("error", () => show(false));
  source.addEventListener("figures", (event) => {
    const figures = JSON.parse(event.data);
    for (const element of wall.querySelectorAll("[data-figure]")) {
      const value = figures[element.dataset.figure];
      if (typeof value === "string" && element.textContent !== value) element.textContent = value;
    }
    show(true);
  });
  return source;
}

startBoardWall();
