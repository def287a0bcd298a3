// The public board's large screen (/board/wall) in Chromium: its figures change without a reload when a
// dossier is received at the counter in another browser, through server-sent events, and it shows that
// it is reconnecting when the server goes away.
import assert from "node:assert/strict";
import { test } from "node:test";

import { acceptedWalkInCode, waitForFigure, withServerAndBrowser } from "./support.mjs";

const figure = (name) => `[data-figure="${name}"]`;
const count = (text) => Number(text.trim().replace(/\./g, ""));

test("the wall shows a newly received dossier without reloading", async () => {
  await withServerAndBrowser(async (server, browser) => {
    const wallContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const wall = await wallContext.newPage();
    await wall.goto(`${server.url}/board/wall?lang=vi`);
    const before = count(await wall.locator(figure("received")).textContent());
    // Marks this document: a reload would make a new one without the mark.
    await wall.evaluate(() => {
      window.mocuaSameDocument = true;
    });
    // The stream is open once the status line says so.
    await wall.waitForFunction(() => {
      const status = document.querySelector("[data-board-status]");
      return status && status.textContent === status.dataset.live;
    });

    // An officer receives and accepts a walk-in in another browser; the wall counts it without reloading.
    await acceptedWalkInCode(await (await browser.newContext()).newPage(), server.url, "vi");
    await waitForFigure(wall, figure("received"), before + 1);
    assert.equal(await wall.evaluate(() => window.mocuaSameDocument), true, "the page was not reloaded");

    // The server goes away: the screen says it is reconnecting (EventSource keeps retrying by itself).
    await server.stop();
    await wall.waitForFunction(() => {
      const status = document.querySelector("[data-board-status]");
      return status.textContent === status.dataset.reconnecting && document.querySelector(".mocua-wall--reconnecting");
    });
  });
});
