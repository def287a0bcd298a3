// Accessibility: 0 axe-core violations (WCAG 2.0/2.1 A and AA) on every page template, in Vietnamese
// and English; <html lang> matches the language; no console errors (a CSP violation would be one).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";

import { AxeBuilder, axeTags, languages, launchBrowser, pages, startServer } from "./support.mjs";

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

for (const lang of languages) {
  describe(`axe (${lang})`, () => {
    for (const p of pages) {
      test(p.name, async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        const problems = [];
        page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
        page.on("pageerror", (e) => problems.push(String(e)));
        await p.open(page, server.url, lang);
        assert.equal(await page.getAttribute("html", "lang"), lang);
        const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
        const summary = results.violations.map(
          (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
        );
        console.log(
          `  ${lang} ${p.name}: ${results.violations.length} violations, ${results.passes.length} rules passed, ` +
            `${results.incomplete.length} to review (${results.incomplete.map((i) => i.id).join(", ") || "none"})`,
        );
        assert.deepEqual(summary, [], `axe violations on ${p.name} (${lang})`);
        // 401, 404 and the previews answer with error statuses; Chromium logs those as console errors.
        const real = problems.filter((t) => !/Failed to load resource: the server responded with a status of (401|403|404|422|500)/.test(t));
        assert.deepEqual(real, [], "console errors");
        await context.close();
      });
    }
  });
}

// The gate itself must fail on a real problem: an image without a text alternative and an input
// without a label, added to a real page.
test("control: axe reports violations when there are some", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.evaluate(() => {
    const img = document.createElement("img");
    img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
    const input = document.createElement("input");
    document.querySelector("main").append(img, input);
  });
  const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
  const ids = results.violations.map((v) => v.id);
  assert.ok(ids.includes("image-alt"), ids.join(", "));
  assert.ok(ids.includes("label"), ids.join(", "));
  await context.close();
});
