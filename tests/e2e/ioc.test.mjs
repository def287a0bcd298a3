// The operations-centre wall (/ioc/wall) in Chromium, as the IOC viewer sees it on a 1920×1080 screen:
// its figures change without a reload when a dossier is received and accepted at the counter in another
// browser (server-sent events from /ioc/events; the KPI projector runs before the figures are computed
// again), and the panels take turns by themselves.
import assert from "node:assert/strict";
import { test } from "node:test";

import { launchBrowser, receiveWalkIn, signInStaff, startServer } from "./support.mjs";

const figure = (name) => `[data-figure="${name}"]`;
const count = (text) => Number(text.trim().replace(/\./g, ""));

test("the IOC wall shows a newly received dossier without reloading", async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const wallContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const wall = await wallContext.newPage();
    await signInStaff(wall, server.url, "vi", "ioc_viewer");
    await wall.goto(`${server.url}/ioc/wall?lang=vi`);
    const before = count(await wall.locator(figure("count-received")).textContent());
    // Marks this document: a reload would make a new one without the mark.
    await wall.evaluate(() => {
      window.mocuaSameDocument = true;
    });
    await wall.waitForFunction(() => {
      const status = document.querySelector("[data-board-status]");
      return status && status.textContent === status.dataset.live;
    });
    // One panel at a time: the others are hidden until their turn.
    const shown = await wall.locator(".mocua-ioc-wall__panel:not([hidden])").count();
    const panels = await wall.locator(".mocua-ioc-wall__panel").count();
    assert.equal(shown, 1);
    assert.ok(panels >= 3, `${panels} panels`);

    const officerContext = await browser.newContext();
    const officer = await officerContext.newPage();
    await signInStaff(officer, server.url, "vi", "onestop_officer");
    await receiveWalkIn(officer, server.url);
    await Promise.all([
      officer.waitForURL(/\/counter\/dossiers\//),
      officer.locator('form[action$="/accept"] button[type=submit]').click(),
    ]);

    await wall.waitForFunction(
      ([selector, expected]) => Number(document.querySelector(selector).textContent.trim().replace(/\./g, "")) === expected,
      [figure("count-received"), before + 1],
      { timeout: 10_000 },
    );
    assert.equal(await wall.evaluate(() => window.mocuaSameDocument), true, "the page was not reloaded");
  } catch (error) {
    error.message += `\nserver log:\n${server.stderr()}`;
    throw error;
  } finally {
    await browser.close();
    await server.stop();
  }
});
