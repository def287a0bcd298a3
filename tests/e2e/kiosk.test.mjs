// The kiosk and the public lookup in Chromium (issue 8): a touch screen (touch emulation, targets of at
// least 48 px, no hover), the idle reset with a short configured idle time, the QR of a receipt decoded
// from a photo (a generated one, and the real printed Mẫu 01 rasterised with poppler's pdftoppm), the
// language switch, the masking rules on the page, the page without JavaScript, and the
// enumeration throttle (last: it blocks the address for the rest of the run).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

import { acceptedWalkInCode, launchBrowser, receiveWalkIn, signInStaff, startServer } from "./support.mjs";

const require = createRequire(import.meta.url);
const QRCode = require("../../web/node_modules/qrcode");

const kIdleSeconds = 5;  // the smallest idle time the configuration accepts
const kBurst = 4;

let server;
let browser;
let code;  // an accepted walk-in: Nguyễn Thị Lành, 045190001234, 12 Trần Hưng Đạo, 0912345678
before(async () => {
  server = await startServer({
    env: { MOCUA_LOOKUP_KIOSK_IDLE_SECONDS: String(kIdleSeconds), MOCUA_LOOKUP_MISS_BURST: String(kBurst) },
  });
  browser = await launchBrowser();
  const context = await browser.newContext();
  code = await acceptedWalkInCode(await context.newPage(), server.url, "vi");
  await context.close();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// A portrait touch screen of the hall.
function touchContext(options = {}) {
  return browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, isMobile: false, ...options });
}

test("a citizen taps through the kiosk: lookup by code on a touch screen", async () => {
  const context = await touchContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/kiosk?lang=vi`);
  assert.equal(await page.locator("header.govuk-header, .govuk-footer").count(), 0, "no site header or footer");
  await Promise.all([page.waitForURL(/\/kiosk\/lookup$/), page.tap("#kiosk-go-lookup")]);
  await page.tap("#code");
  await page.keyboard.type(code);
  await Promise.all([page.waitForURL(/\/kiosk\/lookup\?code=/), page.tap("#kiosk-lookup-submit")]);
  assert.equal((await page.locator("#lookup-state").textContent()).trim(), "Được tiếp nhận");
  await context.close();
});

test("every target on the kiosk pages is at least 48×48 px and nothing needs hover", async () => {
  const context = await touchContext();
  const page = await context.newPage();
  const problems = [];
  for (const target of ["/kiosk", `/kiosk/lookup?code=${encodeURIComponent(code)}`, "/kiosk/guide",
                        "/kiosk/guide?event=birth", "/kiosk/guide/1.001193", "/kiosk/rate"]) {
    await page.goto(`${server.url}${target}`);
    const small = await page.evaluate(() => {
      const out = [];
      // A radio's target is its whole row (input and label), so the row is measured, not the input.
      const targets = "main a[href], main button, main input:not(.govuk-radios__input), main select, main .govuk-radios__item";
      for (const el of document.querySelectorAll(targets)) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;  // hidden
        if (r.width < 48 || r.height < 48) out.push(`${el.outerHTML.slice(0, 80)}: ${r.width.toFixed(0)}×${r.height.toFixed(0)}`);
      }
      return out;
    });
    problems.push(...small.map((s) => `${target}: ${s}`));
    // No hover-only control: no :hover rule hides or shows anything on these pages.
    const hoverOnly = await page.evaluate(() => {
      const found = [];
      for (const sheet of document.styleSheets) {
        for (const rule of sheet.cssRules ?? []) {
          if (rule.selectorText?.includes(":hover") && /display|visibility|opacity/.test(rule.style?.cssText ?? "") &&
              rule.selectorText.includes("mocua-kiosk")) {
            found.push(rule.selectorText);
          }
        }
      }
      return found;
    });
    problems.push(...hoverOnly.map((s) => `${target}: hover rule ${s}`));
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("the idle timer clears what was typed and goes back to the start", async () => {
  const context = await touchContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/kiosk/lookup`);
  await page.tap("#code");
  await page.keyboard.type("GIẤY TỜ RIÊNG");
  const typedAt = Date.now();
  const historyBefore = await page.evaluate(() => history.length);
  await page.waitForURL((u) => u.pathname === "/kiosk" && u.search === "", { timeout: (kIdleSeconds + 5) * 1000 });
  const waited = (Date.now() - typedAt) / 1000;
  assert.ok(waited >= kIdleSeconds - 0.5, `reset after ${waited.toFixed(1)} s, before the idle time`);
  // location.replace: the reset adds no history entry, so "back" does not return to the typed text.
  assert.equal(await page.evaluate(() => history.length), historyBefore);
  await page.goto(`${server.url}/kiosk/lookup`);
  assert.equal(await page.inputValue("#code"), "");
  await context.close();
});

test("the receipt's QR decoded from a photo opens the dossier's status", async () => {
  // The payload as Mẫu 01 prints it (domain/forms/receipt.hpp, "mocua-receipt/1").
  const payload = JSON.stringify({
    fmt: "mocua-receipt/1", dossier: code, procedure: "1.000656", applicant: "045190001234",
    doc: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", system: "Hệ thống thông tin giải quyết thủ tục hành chính",
    issued: "2026-11-23T08:00:00+07:00", appointment: "2026-11-26T08:00:00+07:00",
    url: `${server.url}/lookup?code=${encodeURIComponent(code)}`,
  });
  const png = await QRCode.toBuffer(payload, { errorCorrectionLevel: "M", margin: 4, scale: 6 });
  const context = await touchContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/kiosk/lookup`);
  await page.locator("[data-qr-scan]").waitFor({ state: "visible" });
  await Promise.all([
    page.waitForURL((u) => u.pathname === "/kiosk/lookup" && u.searchParams.get("code") === code),
    page.setInputFiles("#qr-photo", { name: "receipt.png", mimeType: "image/png", buffer: png }),
  ]);
  await page.locator("#lookup-state").waitFor();
  // A photo without a QR code says so and stays.
  const blank = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
  await page.setInputFiles("#qr-photo", { name: "blank.png", mimeType: "image/png", buffer: blank });
  await page.locator("[data-qr-status]", { hasText: /\S/ }).waitFor();
  await context.close();
});

// The "done when": the QR printed on a real Mẫu 01 (the PDF the counter prints, rasterised as a
// camera would see it) opens the dossier's status at the kiosk.
test("the QR of a printed receipt (Mẫu 01) opens its status at the kiosk", async () => {
  const staff = await browser.newContext();
  const officer = await staff.newPage();
  await signInStaff(officer, server.url, "vi", "onestop_officer");
  await receiveWalkIn(officer, server.url);
  await Promise.all([
    officer.waitForURL(/\/counter\/dossiers\//),
    officer.locator('form[action$="/accept"] button[type=submit]').click(),
  ]);
  const printed = (await officer.locator("#dossier-code").textContent()).trim();
  const pdf = await officer.request.get(`${server.url}/dossiers/${encodeURIComponent(printed)}/forms/01`);
  assert.equal(pdf.status(), 200);
  const pdfBytes = await pdf.body();
  await staff.close();
  const dir = mkdtempSync(path.join(os.tmpdir(), "mocua-receipt-"));
  try {
    writeFileSync(path.join(dir, "mau-01.pdf"), pdfBytes);
    execFileSync("pdftoppm", ["-png", "-r", "150", "-singlefile", path.join(dir, "mau-01.pdf"), path.join(dir, "photo")]);
    const photo = readFileSync(path.join(dir, "photo.png"));
    const context = await touchContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/kiosk/lookup?lang=vi`);
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/kiosk/lookup" && u.searchParams.get("code") === printed),
      page.setInputFiles("#qr-photo", { name: "photo.png", mimeType: "image/png", buffer: photo }),
    ]);
    assert.equal((await page.locator("#lookup-state").textContent()).trim(), "Được tiếp nhận");
    await context.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the language switch stays in the kiosk", async () => {
  const context = await touchContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/kiosk/guide?lang=vi`);
  await Promise.all([page.waitForURL(/lang=en/), page.tap("#kiosk-lang-en")]);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.match(new URL(page.url()).pathname, /^\/kiosk\/guide$/);
  await context.close();
});

test("the lookup page masks the applicant and shows nothing else personal", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/lookup?code=${encodeURIComponent(code)}&lang=vi`);
  assert.equal((await page.locator("#lookup-applicant").textContent()).trim(), "Nguyễn T*** L***");
  const text = await page.locator("main").innerText();
  for (const secret of ["Lành", "045190001234", "Trần Hưng Đạo", "0912345678", "Văn Tâm"]) {
    assert.ok(!text.includes(secret), `the page shows ${secret}`);
  }
  // The phone factor reveals the full name.
  await page.fill("#phone-last4", "5678");
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.locator("form[method=post] button[type=submit]").click(),
  ]);
  await page.locator("#lookup-unit").waitFor();
  assert.equal((await page.locator("#lookup-applicant").textContent()).trim(), "Nguyễn Thị Lành");
  await context.close();
});

test("without JavaScript the kiosk lookup works and a meta refresh resets it", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/kiosk/lookup?lang=en`);
  assert.equal(await page.locator("[data-qr-scan]").isVisible(), false, "the scanner needs JavaScript");
  await page.fill("#code", code);
  await Promise.all([page.waitForURL(/code=/), page.press("#code", "Enter")]);
  assert.equal((await page.locator("#lookup-state").textContent()).trim(), "Accepted");
  // Without JavaScript the <noscript> refresh is live and takes the kiosk back to its start.
  assert.equal(await page.getAttribute('meta[http-equiv="refresh"]', "content"), `${kIdleSeconds};url=/kiosk`);
  await page.waitForURL((u) => u.pathname === "/kiosk", { timeout: (kIdleSeconds + 5) * 1000 });
  await context.close();
});

// Last: this uses up the address's misses for the rest of the server's life.
test("guessing codes is throttled with 429, and then the page says so", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const prefix = code.slice(0, -4);
  const statuses = [];
  for (let i = 0; i < kBurst + 1; i++) {
    const guess = `${prefix}${String(9000 + i).padStart(4, "0")}`;
    const response = await page.goto(`${server.url}/api/v1/lookup/${encodeURIComponent(guess)}`);
    statuses.push(response.status());
  }
  assert.deepEqual(statuses, [...Array(kBurst).fill(404), 429]);
  const response = await page.goto(`${server.url}/kiosk/lookup?code=${encodeURIComponent(code)}&lang=en`);
  assert.equal(response.status(), 429);
  await page.locator("#lookup-throttled").waitFor();
  await context.close();
});
