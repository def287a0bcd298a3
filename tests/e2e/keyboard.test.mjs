// Keyboard and pointer: on every page template in both languages, every interactive element is
// reached by Tab (one stop per radio group), shows a visible focus indicator, and is at least 24×24
// CSS px (WCAG 2.2 SC 2.5.8; links inside running text are exempt, as the criterion allows).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";

import { languages, launchBrowser, pages, startServer } from "./support.mjs";

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

const INTERACTIVE =
  'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), select:not([disabled]), ' +
  'textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

// Computed styles that can carry a focus indicator: the element's own, its ::before/::after, and
// for radios and checkboxes (whose input is transparent) its label's ::before/::after.
function styleSnapshot(el) {
  const parts = [];
  const take = (node, pseudo) => {
    const s = getComputedStyle(node, pseudo);
    parts.push([s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color, s.textDecorationLine, s.borderColor].join("|"));
  };
  take(el);
  take(el, "::before");
  take(el, "::after");
  if (el.labels && el.labels[0]) {
    take(el.labels[0], "::before");
    take(el.labels[0], "::after");
  }
  return parts.join("#");
}

// Runs `fn(styleSnapshot, arg)` in the page. Passed as source text so that no eval() runs inside the
// page (its CSP forbids it); Playwright evaluates the expression through DevTools.
function inPage(page, fn, arg) {
  return page.evaluate(`(${fn.toString()})(${styleSnapshot.toString()}, ${JSON.stringify(arg ?? null)})`);
}

// Tabs through the page and returns the problems found (empty when all is well).
async function keyboardProblems(page, label) {
  await page.evaluate(() => document.activeElement?.blur());

  // Number the visible interactive elements and record how each looks without focus.
  const elements = await inPage(
    page,
    (snapshot, selector) => {
      const visible = (el) => {
        const s = getComputedStyle(el);
        return el.getClientRects().length > 0 && s.visibility !== "hidden" && s.display !== "none";
      };
      return [...document.querySelectorAll(selector)].filter(visible).map((el, i) => {
        el.dataset.e2e = String(i);
        const parentText = (el.parentElement?.textContent ?? "").replace(/\s+/g, " ").trim();
        const ownText = (el.textContent ?? "").replace(/\s+/g, " ").trim();
        return {
          i,
          label: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${ownText.slice(0, 40)}"`,
          radioGroup: el.type === "radio" ? el.name : null,
          inline: el.tagName === "A" && parentText.length > ownText.length && getComputedStyle(el).display === "inline",
          idle: snapshot(el),
        };
      });
    },
    INTERACTIVE,
  );
  assert.ok(elements.length > 3, "the page has interactive elements");

  // Chromium gives a date input three Tab stops (day, month, year).
  const dateInputs = await page.locator('input[type="date"]:visible').count();
  const reached = new Map();
  for (let n = 0; n < elements.length + 2 * dateInputs + 5; n++) {
    await page.keyboard.press("Tab");
    const state = await inPage(page, (snapshot) => {
      const el = document.activeElement;
      if (!el || el === document.body || el.dataset.e2e === undefined) return null;
      const r = el.getBoundingClientRect();
      return { i: Number(el.dataset.e2e), focused: snapshot(el), width: r.width, height: r.height };
    });
    if (state && !reached.has(state.i)) reached.set(state.i, state);
  }

  const problems = [];
  const groupsReached = new Set();
  for (const e of elements) {
    const s = reached.get(e.i);
    if (s && e.radioGroup) groupsReached.add(e.radioGroup);
    if (!s) continue;
    if (s.focused === e.idle) problems.push(`${e.label}: no visible focus indicator`);
    if (!e.inline && (s.width < 24 || s.height < 24)) {
      problems.push(`${e.label}: target ${s.width.toFixed(1)}×${s.height.toFixed(1)} px is under 24×24`);
    }
  }
  for (const e of elements) {
    if (reached.has(e.i)) continue;
    if (e.radioGroup && groupsReached.has(e.radioGroup)) continue;  // one Tab stop per radio group
    problems.push(`${e.label}: not reachable with Tab`);
  }
  console.log(`  ${label}: ${elements.length} interactive elements, ${reached.size} Tab stops`);
  return problems;
}

for (const lang of languages) {
  describe(`keyboard and targets (${lang})`, () => {
    for (const p of pages) {
      test(p.name, async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        await p.open(page, server.url, lang);
        assert.deepEqual(await keyboardProblems(page, `${lang} ${p.name}`), []);
        await context.close();
      });
    }
  });
}

// The check itself must catch what it is for: a tiny button without a focus style, and a link taken
// out of the Tab order, added to a real page.
test("control: the check reports a small, unfocusable or invisibly focused element", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.evaluate(() => {
    const main = document.querySelector("main");
    const tiny = document.createElement("button");
    tiny.id = "tiny";
    tiny.textContent = "x";
    for (const [k, v] of [["width", "12px"], ["height", "12px"], ["padding", "0"], ["outline", "none"], ["box-shadow", "none"]]) {
      tiny.style.setProperty(k, v, "important");
    }
    main.append(tiny);
    const skipped = document.createElement("a");
    skipped.id = "skipped";
    skipped.href = "#nowhere";
    skipped.textContent = "skipped";
    skipped.tabIndex = -1;
    main.append(skipped);
  });
  const problems = await keyboardProblems(page, "control");
  assert.ok(problems.some((p) => p.startsWith('button#tiny') && p.includes("under 24×24")), problems.join("\n"));
  assert.ok(problems.some((p) => p.startsWith('button#tiny') && p.includes("no visible focus")), problems.join("\n"));
  assert.ok(problems.some((p) => p.startsWith('a#skipped') && p.includes("not reachable")), problems.join("\n"));
  await context.close();
});

// With JavaScript, GOV.UK Frontend's behaviours run: after a failed submit the error summary takes
// the focus, so screen-reader and keyboard users land on the list of problems.
for (const lang of languages) {
  test(`with JavaScript the error summary takes focus (${lang})`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/style-guide?lang=${lang}`);
    await Promise.all([page.waitForURL(/style-guide/), page.locator("form[method=post] button[type=submit]").click()]);
    await page.locator(".govuk-error-summary").waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains("govuk-error-summary"));
    assert.ok(await page.evaluate(() => document.body.classList.contains("govuk-frontend-supported")));
    await context.close();
  });
}

// A phone-sized screen: the navigation collapses behind its menu button, which must pass too.
for (const lang of languages) {
  test(`phone width: home and style guide (${lang})`, async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 700 } });
    const page = await context.newPage();
    for (const path of ["/", "/style-guide"]) {
      await page.goto(`${server.url}${path}?lang=${lang}`);
      assert.ok(await page.locator(".govuk-service-navigation__toggle").isVisible(), "menu button shown");
      assert.deepEqual(await keyboardProblems(page, `${lang} ${path} at 375 px`), []);
    }
    await context.close();
  });
}
