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

// The trend charts on /ioc: with JavaScript each chart is drawn as SVG inside its role="img" container,
// labelled with the summary the server wrote; the data table stays in the page behind its <details>,
// and the page breaks no rule of the CSP (no inline script or style).
test("the IOC trends are drawn as SVG charts with their tables kept", async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ reducedMotion: "reduce" });
    const page = await context.newPage();
    const problems = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(String(e)));
    await signInStaff(page, server.url, "en", "ioc_viewer");
    await page.goto(`${server.url}/ioc?lang=en`);
    const charts = page.locator("[data-ioc-chart]");
    assert.equal(await charts.count(), 3);
    for (const id of ["trend-counts", "trend-on-time", "trend-shares"]) {
      const chart = page.locator(`#${id} [role="img"]`);
      await chart.locator("svg").first().waitFor({ timeout: 10_000 });
      assert.equal(await chart.isVisible(), true);
      const summary = (await page.locator(`#${id} [data-trend-summary]`).textContent()).trim();
      assert.ok(summary.length > 0);
      assert.equal(await chart.getAttribute("aria-label"), summary);
      // The bars/lines are drawn: the SVG has paths.
      assert.ok((await chart.locator("svg path").count()) > 0, `${id} has no drawing`);
      // The table is still in the page, closed behind its summary, and opens from the keyboard.
      const details = page.locator(`#${id} details`);
      assert.equal(await details.evaluate((d) => d.open), false);
      await details.locator("summary").focus();
      await page.keyboard.press("Enter");
      assert.equal(await details.evaluate((d) => d.open), true);
      assert.equal(await page.locator(`#${id} table[data-trend-table] caption`).isVisible(), true);
    }
    assert.deepEqual(problems, [], "no script error or CSP violation");
  } catch (error) {
    error.message += `\nserver log:\n${server.stderr()}`;
    throw error;
  } finally {
    await browser.close();
    await server.stop();
  }
});
