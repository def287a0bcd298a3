// The operations-centre wall (/ioc/wall) in Chromium, as the IOC viewer sees it on a 1920×1080 screen:
// its figures change without a reload when a dossier is received and accepted at the counter in another
// browser (server-sent events from /ioc/events; the KPI projector runs before the figures are computed
// again), and the panels take turns by themselves.
import assert from "node:assert/strict";
import { test } from "node:test";

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { acceptedWalkInCode, signInStaff, waitForFigure, withServerAndBrowser } from "./support.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const requireWeb = createRequire(path.join(repo, "web", "package.json"));
const { default: Ajv2020 } = await import(requireWeb.resolve("ajv/dist/2020"));
const { default: addFormats } = await import(requireWeb.resolve("ajv-formats"));

const figure = (name) => `[data-figure="${name}"]`;
const count = (text) => Number(text.trim().replace(/\./g, ""));

test("the IOC wall shows a newly received dossier without reloading", async () => {
  await withServerAndBrowser(async (server, browser) => {
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

    // An officer receives and accepts a walk-in in another browser; the wall counts it without reloading.
    await acceptedWalkInCode(await (await browser.newContext()).newPage(), server.url, "vi");
    await waitForFigure(wall, figure("count-received"), before + 1);
    assert.equal(await wall.evaluate(() => window.mocuaSameDocument), true, "the page was not reloaded");
  });
});

// A wall left on for days reloads itself every 30 minutes when the server answers (new trends, a new
// month's period, new asset names after an upgrade), and stays on its page while the server is away.
test("the IOC wall reloads itself every 30 minutes, only when the server is up", async () => {
  await withServerAndBrowser(async (server, browser) => {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await signInStaff(page, server.url, "en", "ioc_viewer");
    await page.clock.install();
    await page.goto(`${server.url}/ioc/wall?lang=en`);
    assert.equal(await page.locator("[data-wall-reload]").getAttribute("data-wall-reload"), "1800");
    const mark = () => page.evaluate(() => { window.mocuaSameDocument = true; });
    const same = () => page.evaluate(() => window.mocuaSameDocument === true);

    // The server "away": /readyz fails; 31 minutes pass and the wall stays as it is.
    await mark();
    await page.route("**/readyz", (route) => route.fulfill({ status: 503, body: "" }));
    await page.clock.runFor("31:00");
    assert.equal(await same(), true, "no reload while /readyz fails");

    // Back: within the next minute's retry the wall reloads.
    await page.unroute("**/readyz");
    const reloaded = page.waitForEvent("load");
    await page.clock.runFor("01:05");
    await reloaded;
    assert.equal(await same(), false, "a new document after the reload");
    await page.locator(".mocua-ioc-wall").waitFor();
  });
});

// The trend charts on /ioc: with JavaScript each chart is drawn as SVG inside its role="img" container,
// labelled with the summary the server wrote; the data table stays in the page behind its <details>,
// and the page breaks no rule of the CSP (no inline script or style).
test("the IOC trends are drawn as SVG charts with their tables kept", async () => {
  await withServerAndBrowser(async (server, browser) => {
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
      assert.equal(await chart.getAttribute("data-ioc-chart-drawn"), "still", "prefers-reduced-motion: no animation");
      const summary = (await page.locator(`#${id} [data-trend-summary]`).textContent()).trim();
      assert.ok(summary.length > 0);
      assert.equal(await chart.getAttribute("aria-label"), summary);
      // The bars/lines are drawn: the SVG has paths; hovering shows the tooltip without breaking the CSP.
      assert.ok((await chart.locator("svg path").count()) > 0, `${id} has no drawing`);
      await chart.scrollIntoViewIfNeeded();
      const box = await chart.boundingBox();
      await page.mouse.move(box.x + box.width - 40, box.y + box.height / 2);
      // ECharts draws the tooltip on the next animation frames.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      // The table is still in the page, closed behind its summary, and opens from the keyboard.
      const details = page.locator(`#${id} details`);
      assert.equal(await details.evaluate((d) => d.open), false);
      await details.locator("summary").focus();
      await page.keyboard.press("Enter");
      assert.equal(await details.evaluate((d) => d.open), true);
      assert.equal(await page.locator(`#${id} table[data-trend-table] caption`).isVisible(), true);
    }
    assert.deepEqual(problems, [], "no script error or CSP violation");

    // GET /api/v1/kpi/766/trends for the page's period answers as src/api/openapi.json says, with the
    // figures of the page's table.
    const openapi = JSON.parse(readFileSync(path.join(repo, "src", "api", "openapi.json"), "utf8"));
    const schema = openapi.paths["/api/v1/kpi/766/trends"].get.responses["200"].content["application/json"].schema;
    const from = await page.locator('input[name="from"]').inputValue();
    const to = await page.locator('input[name="to"]').inputValue();
    const iso = (d) => d.split("/").reverse().join("-");
    const reply = await page.request.get(`${server.url}/api/v1/kpi/766/trends?from=${iso(from)}&to=${iso(to)}&lang=en`);
    assert.equal(reply.status(), 200);
    const trends = await reply.json();
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(trends), JSON.stringify(validate.errors));
    const received = await page
      .locator('table[data-trend-table="trend-counts"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => Number(r.cells[1].textContent.replace(/\./g, ""))));
    assert.deepEqual(received, trends.points.map((p) => p.received));

    // Without the reduced-motion preference the charts animate.
    const moving = await (await browser.newContext()).newPage();
    await signInStaff(moving, server.url, "en", "ioc_viewer");
    await moving.goto(`${server.url}/ioc?lang=en`);
    await moving.locator('#trend-counts [data-ioc-chart-drawn="animated"]').waitFor({ timeout: 10_000 });

    // The wall's trend panel is drawn while hidden (waiting for its turn) and takes its full size when
    // shown.
    await page.goto(`${server.url}/ioc/wall?lang=en`);
    const wallChart = page.locator('#panel-trend [role="img"]');
    await wallChart.locator("svg").first().waitFor({ state: "attached", timeout: 10_000 });
    await page.evaluate(() => {
      for (const panel of document.querySelectorAll(".mocua-ioc-wall__panel")) panel.hidden = panel.id !== "panel-trend";
    });
    await page.waitForFunction(() => {
      const svg = document.querySelector('#panel-trend [role="img"] svg');
      return svg && Number(svg.getAttribute("width")) > 0.9 * svg.parentElement.parentElement.clientWidth;
    });
    assert.equal(
      await wallChart.getAttribute("aria-label"),
      (await page.locator("#panel-trend [data-trend-summary]").textContent()).trim(),
    );
    assert.deepEqual(problems, [], "no script error or CSP violation on the wall");
  });
});
