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

// A screen left on for days must not keep what it loaded: the IOC wall's trend panel (the events carry
// figures, not series), the period when a new month begins, and after an upgrade the assets' names.
// Every data-wall-reload seconds the wall asks /readyz and reloads only when the server answers, so an
// outage leaves the last figures on the screen (with the "reconnecting" status) rather than an error page;
// until then it asks again every minute.
export function startWallReload(root = document, {
  schedule = setTimeout,
  ready = () => fetch("/readyz", { cache: "no-store" }).then((r) => r.ok, () => false),
  reload = () => location.reload(),
} = {}) {
  const wall = root.querySelector("[data-wall-reload]");
  const seconds = wall ? Number(wall.dataset.wallReload) : 0;
  if (!(seconds > 0)) return null;
  const attempt = async () => {
    if (await ready()) reload();
    else schedule(attempt, 60_000);
  };
  return schedule(attempt, seconds * 1000);
}

startWallReload();
