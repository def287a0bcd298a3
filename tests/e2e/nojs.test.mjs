// Progressive enhancement: with JavaScript disabled every page template renders its main content,
// and the sample form still works end to end (errors, then success with the flash message).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";

import { fillValidForm, languages, launchBrowser, pages, startServer } from "./support.mjs";

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
  describe(`without JavaScript (${lang})`, () => {
    for (const p of pages) {
      test(p.name, async () => {
        const context = await browser.newContext({ javaScriptEnabled: false });
        const page = await context.newPage();
        await p.open(page, server.url, lang);
        assert.equal(await page.getAttribute("html", "lang"), lang);
        assert.equal(await page.evaluate("document.body.classList.contains('js-enabled')"), false);
        const main = page.locator("main#main-content");
        assert.ok(await main.isVisible(), "main content is visible");
        const heading = (await main.locator("h1").first().textContent())?.trim() ?? "";
        assert.ok(heading.length > 3, `main has a heading, got "${heading}"`);
        const text = ((await main.textContent()) ?? "").replace(/\s+/g, " ").trim();
        assert.ok(text.length > 100, "main has content");
        assert.ok(await page.locator("footer").isVisible(), "footer is visible");
        await context.close();
      });
    }

    test("the style guide's search-key form works as a plain GET", async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${server.url}/style-guide?lang=${lang}`);
      await page.fill("#fold-q", "Nguyễn Văn Đức");
      await Promise.all([page.waitForURL(/q=/), page.locator("#fold button[type=submit], form[method=get] button").first().click()]);
      assert.match((await page.locator("#fold-result").textContent()) ?? "", /nguyen van duc/);
      await context.close();
    });

    test("the sample form posts and redirects without JavaScript", async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${server.url}/style-guide?lang=${lang}`);
      await fillValidForm(page);
      assert.ok(await page.locator(".govuk-notification-banner--success").isVisible());
      await context.close();
    });
  });
}
