// Page weight: the first visit to a public page (empty cache) transfers at most 100 KiB in total,
// compressed as sent, of which at most 32 KiB is JavaScript. The figures are printed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { launchBrowser, startServer } from "./support.mjs";

const KiB = 1024;
const TOTAL_BUDGET = 100 * KiB;
const JS_BUDGET = 32 * KiB;

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function firstVisit(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const finished = [];
  page.on("requestfinished", (request) => finished.push(request));
  await page.goto(`${server.url}${path}`, { waitUntil: "networkidle" });
  const rows = [];
  for (const request of finished) {
    const response = await request.response();
    const sizes = await request.sizes();
    const type = (response?.headers()["content-type"] ?? "").split(";")[0];
    rows.push({
      url: request.url().replace(server.url, ""),
      type,
      encoding: response?.headers()["content-encoding"] ?? "identity",
      bytes: sizes.responseBodySize + sizes.responseHeadersSize,
    });
  }
  await context.close();
  const total = rows.reduce((n, r) => n + r.bytes, 0);
  const js = rows.filter((r) => r.type.includes("javascript")).reduce((n, r) => n + r.bytes, 0);
  console.log(`  first visit to ${path}: ${(total / KiB).toFixed(1)} KiB total, ${(js / KiB).toFixed(1)} KiB JavaScript`);
  for (const r of rows) console.log(`    ${(r.bytes / KiB).toFixed(1).padStart(6)} KiB  ${r.encoding.padEnd(8)} ${r.type.padEnd(24)} ${r.url}`);
  return { rows, total, js };
}

for (const path of ["/", "/?lang=en", "/no/such/page"]) {
  test(`first visit to ${path} fits the budget`, async () => {
    const { rows, total, js } = await firstVisit(path);
    assert.ok(rows.some((r) => r.type === "text/css" && r.encoding === "gzip"), "the stylesheet is sent compressed");
    assert.ok(rows.some((r) => r.type === "font/woff2"), "the web font is loaded");
    assert.ok(total <= TOTAL_BUDGET, `${total} bytes > ${TOTAL_BUDGET}`);
    assert.ok(js <= JS_BUDGET, `${js} bytes of JavaScript > ${JS_BUDGET}`);
  });
}

// The style guide is a page for developers and loads htmx for its live example; its figures are
// printed so that growth is visible, and it must stay within the JavaScript budget too.
test("style guide (with htmx): figures", async () => {
  const { js } = await firstVisit("/style-guide");
  assert.ok(js <= JS_BUDGET, `${js} bytes of JavaScript > ${JS_BUDGET}`);
});
