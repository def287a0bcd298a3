// Shared by the browser checks: start a seeded `mocua` on a free port, launch Debian's Chromium
// through playwright-core, and the list of page templates to visit in both languages.
import { spawn, execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
// The npm packages live in web/node_modules (installed by `make deps`), not beside this file.
const require = createRequire(path.join(repo, "web", "package.json"));
const { chromium } = require("playwright-core");
export const { AxeBuilder } = require("@axe-core/playwright");

export const binary = process.env.MOCUA_BINARY ?? path.join(repo, "build", "mocua");
export const chromiumPath = process.env.MOCUA_CHROMIUM ?? "/usr/bin/chromium";
export const languages = ["vi", "en"];
export const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

// Starts `mocua serve` on 127.0.0.1:0 with a freshly seeded data directory and resolves when it
// prints its "serving http://…" line (no sleeps). stop() ends it with SIGTERM and removes the data.
// `options.env` adds environment variables (configuration such as MOCUA_OIDC_*); `options.listen`
// replaces 127.0.0.1:0 when the address must be known in advance (an OIDC redirect URI).
// Payments on, so the fees and reconciliation pages exist; the gateway's address is a closed port (no
// page here goes to the bank) and the hash secret is made up for the tests.
const paymentsEnv = {
  MOCUA_PAYMENTS_ENABLED: "true",
  MOCUA_PAYMENTS_MERCHANT_CODE: "MOCUAE2E",
  MOCUA_PAYMENTS_PAY_URL: "http://127.0.0.1:9/paymentv2/vpcpay.html",
  MOCUA_VNPAY_HASH_SECRET: "E2ESECRETKEY0123456789ABCDEFGHIJ",
};

export async function startServer(options = {}) {
  if (!existsSync(binary)) throw new Error(`no mocua binary at ${binary}: build first, or set MOCUA_BINARY`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "mocua-e2e-"));
  execFileSync(binary, ["seed-demo", "--data-dir", dataDir], { stdio: "pipe" });
  const child = spawn(binary, ["serve", "--data-dir", dataDir, "--listen", options.listen ?? "127.0.0.1:0"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...paymentsEnv, ...(options.env ?? {}) },
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr = (stderr + d).slice(-8000);
  });
  let stdout = "";
  const url = await new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      stdout += d;
      const m = stdout.match(/serving (http:\/\/[0-9.:]+)/);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`mocua serve exited with ${code}:\n${stderr}`)));
  });
  return {
    url,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await once(child, "exit");
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Debian's Chromium, never a downloaded browser. Playwright gives each launch a fresh, temporary
// profile (user data dir). The flags keep Chromium off the network on this closed machine.
// Runs `body(server, browser)` with a fresh server and browser, adds the server's log to a failure's
// message, and stops both whatever happens.
export async function withServerAndBrowser(body, serverOptions = {}) {
  const server = await startServer(serverOptions);
  const browser = await launchBrowser();
  try {
    await body(server, browser);
  } catch (error) {
    error.message += `\nserver log:\n${server.stderr()}`;
    throw error;
  } finally {
    await browser.close();
    await server.stop();
  }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

// Every page template, in the states that show different components. `open` leaves the page showing
// the template; the language comes from ?lang= on the first visit (then the cookie).
export const pages = [
  { name: "home", open: (page, base, lang) => page.goto(`${base}/?lang=${lang}`) },
  { name: "style guide", open: (page, base, lang) => page.goto(`${base}/style-guide?lang=${lang}`) },
  {
    name: "style guide, form with errors",
    open: async (page, base, lang) => {
      await page.goto(`${base}/style-guide?lang=${lang}`);
      await Promise.all([page.waitForURL(/style-guide/), page.locator("form[method=post] button[type=submit]").click()]);
      await page.locator(".govuk-error-summary").waitFor();
    },
  },
  {
    name: "style guide, after a sent form (flash)",
    open: async (page, base, lang) => {
      await page.goto(`${base}/style-guide?lang=${lang}`);
      await fillValidForm(page);
      await page.locator(".govuk-notification-banner--success").waitFor();
    },
  },
  {
    // The real thing: a form posted without its CSRF token.
    name: "error 403 (form without CSRF token)",
    open: async (page, base, lang) => {
      await page.goto(`${base}/style-guide?lang=${lang}`);
      await page.locator('input[name="csrf_token"]').evaluate((el) => el.remove());
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.locator("form[method=post] button[type=submit]").click(),
      ]);
      if (response.status() !== 403) throw new Error(`expected 403, got ${response.status()}`);
      await page.waitForLoadState();
    },
  },
  { name: "procedures, search results", open: (page, base, lang) => page.goto(`${base}/procedures?q=khai+sinh&lang=${lang}`) },
  { name: "procedures, no result", open: (page, base, lang) => page.goto(`${base}/procedures?q=zzzz&lang=${lang}`) },
  { name: "procedure detail", open: (page, base, lang) => page.goto(`${base}/procedures/1.001193?lang=${lang}`) },
  {
    name: "printable blank form",
    open: (page, base, lang) => page.goto(`${base}/procedures/1.001193/forms/to-khai-dang-ky-khai-sinh?lang=${lang}`),
  },
  { name: "sign in", open: (page, base, lang) => page.goto(`${base}/sign-in?lang=${lang}`) },
  // The gateway's return page with a result that cannot be checked (payments are not configured here).
  { name: "payment return, unchecked", open: (page, base, lang) => page.goto(`${base}/payments/return?vnp_TxnRef=x&lang=${lang}`) },
  {
    name: "sign in, form with errors",
    open: async (page, base, lang) => {
      await page.goto(`${base}/sign-in?lang=${lang}`);
      await page.locator("main form[method=post] button[type=submit]").click();
      await page.locator(".govuk-error-summary").waitFor();
    },
  },
  {
    name: "my account (citizen, after sign-in)",
    open: async (page, base, lang) => {
      await signIn(page, base, lang, "citizen");
      await page.locator("#account-name").waitFor();
    },
  },
  {
    name: "sign out",
    open: async (page, base, lang) => {
      await signIn(page, base, lang, "business");
      await page.goto(`${base}/sign-out`);
    },
  },
  {
    // Staff without TOTP land on the enrolment page (a different account per language, so each
    // page shows its first visit).
    name: "two-step verification set-up (staff)",
    open: async (page, base, lang) => {
      await signIn(page, base, lang, lang === "vi" ? "onestop_officer" : "specialist");
      await page.locator("#totp-secret").waitFor();
    },
  },
  {
    name: "two-step verification, recovery codes",
    open: async (page, base, lang) => {
      await signIn(page, base, lang, lang === "vi" ? "leader" : "clerk");
      await confirmTotp(page);
    },
  },
  {
    name: "two-step verification already on",
    open: async (page, base, lang) => {
      await signIn(page, base, lang, lang === "vi" ? "delegate" : "meeting_secretary");
      await confirmTotp(page);
      await page.goto(`${base}/account/two-factor`);
    },
  },
  {
    name: "working calendar, a year with lunar dates (system admin)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "system_admin");
      await page.goto(`${base}/admin/calendar?year=2026`);
      await page.locator("#calendar-days").waitFor();
    },
  },
  {
    name: "working calendar, decision form with errors (system admin)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "system_admin");
      await page.goto(`${base}/admin/calendar?year=2026`);
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.locator('form[action="/admin/calendar/overrides"] button[type=submit]').click(),
      ]);
      await page.locator(".govuk-error-summary").waitFor();
    },
  },
  {
    name: "working calendar, office hours (unit admin)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "unit_admin");
      await page.goto(`${base}/admin/calendar?year=2025`);
      await page.locator("#hours-mon").waitFor();
    },
  },
  {
    name: "sign in, second step (security code)",
    open: async (page, base, lang) => {
      const role = lang === "vi" ? "ioc_viewer" : "system_admin";
      await signInStaff(page, base, lang, role);  // two-step verification on (set up now or before)
      await page.context().clearCookies();
      await fillSignIn(page, base, lang, role);
      await page.locator("#code").waitFor();
    },
  },
  {
    name: "change password (citizen)",
    open: async (page, base, lang) => {
      await signIn(page, base, lang, "citizen");
      await page.goto(`${base}/account/password`);
    },
  },
  {
    name: "change password, form with errors",
    open: async (page, base, lang) => {
      await signIn(page, base, lang, "business");
      await page.goto(`${base}/account/password`);
      await page.fill("#current", "not the password");
      await page.fill("#password", "short");
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.locator("main form[method=post] button[type=submit]").click(),
      ]);
      await page.locator(".govuk-error-summary").waitFor();
    },
  },
  {
    name: "API access tokens, one created (citizen)",
    open: async (page, base, lang) => {
      await signIn(page, base, lang, "citizen");
      await page.goto(`${base}/account/tokens`);
      await page.fill("#label", lang === "vi" ? "Tập lệnh thử" : "Test script");
      await Promise.all([page.waitForURL(/tokens/), page.locator("main form[action='/account/tokens'] button").click()]);
      await page.locator("#new-token").waitFor();
      await page.goto(`${base}/account/tokens`);
    },
  },
  { name: "procedure detail, apply online (citizen)", open: async (page, base, lang) => {
      await signIn(page, base, lang, "citizen");
      await page.goto(`${base}/procedures/2.000635`);
      await page.locator("#apply-online button").waitFor();
    },
  },
  { name: "online application, task list (citizen)", open: (page, base, lang) => startApplication(page, base, lang) },
  {
    name: "online application, applicant details (citizen)",
    open: async (page, base, lang) => {
      const app = await startApplication(page, base, lang);
      await page.goto(`${base}${app}/applicant`);
    },
  },
  {
    name: "online application, question page with errors (citizen)",
    open: async (page, base, lang) => {
      const app = await startApplication(page, base, lang);
      await page.goto(`${base}${app}/questions/extract`);
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.locator("main form[method=post] button[type=submit]").click(),
      ]);
      await page.locator(".govuk-error-summary").waitFor();
    },
  },
  {
    name: "online application, a document (citizen)",
    open: async (page, base, lang) => {
      const app = await startApplication(page, base, lang);
      await page.goto(`${base}${app}/documents/1`);
      await page.locator("#file").waitFor();
    },
  },
  {
    name: "online application, check answers with problems (citizen)",
    open: async (page, base, lang) => {
      const app = await startApplication(page, base, lang);
      await page.goto(`${base}${app}/check`);
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.locator("#submit").click(),
      ]);
      await page.locator(".govuk-error-summary").waitFor();
    },
  },
  {
    name: "my applications (citizen)",
    open: async (page, base, lang) => {
      await startApplication(page, base, lang);
      await page.goto(`${base}/applications`);
      await page.locator("#drafts").waitFor();
    },
  },
  {
    name: "my dossiers, empty (business)",
    open: async (page, base, lang) => {
      await signIn(page, base, lang, "business");
      await page.goto(`${base}/my/dossiers`);
    },
  },
  {
    name: "my data store, empty (business)",
    open: async (page, base, lang) => {
      await signIn(page, base, lang, "business");
      await page.goto(`${base}/my/data-store`);
      await page.locator("#store-empty").waitFor();
    },
  },
  { name: "error 401 (sign-in needed)", open: (page, base, lang) => page.goto(`${base}/account?lang=${lang}`) },
  {
    name: "organisation tree as of a date (unit admin)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "unit_admin");
      await page.goto(`${base}/admin/units?date=2024-12-31`);
    },
  },
  {
    name: "add a unit, form with errors (unit admin)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "unit_admin");
      await page.goto(`${base}/admin/units/new`);
      await page.fill("#code", "19360 X");
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.locator("main form[method=post] button[type=submit]").click(),
      ]);
      await page.locator(".govuk-error-summary").waitFor();
    },
  },
  {
    // The 2022 town (row 2 of the 2024 tree), which phường Quảng Trị took over: the ward's unit admin
    // may edit it.
    name: "edit a unit, with its mergers (unit admin)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "unit_admin");
      await page.goto(`${base}/admin/units?date=2024-12-31`);
      await Promise.all([page.waitForURL(/\/admin\/units\/[0-9]+$/), page.locator("#units tbody a").nth(1).click()]);
      await page.locator("#successors").waitFor();
    },
  },
  {
    name: "catalogue editor, a procedure with its preview (unit admin)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "unit_admin");
      await page.goto(`${base}/admin/procedures?q=khai+sinh`);
      await Promise.all([page.waitForURL(/\/admin\/procedures\/1\.001193$/), page.locator('a[href="/admin/procedures/1.001193"]').click()]);
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.locator('button[name="preview"]').click(),
      ]);
      await page.locator("#preview").waitFor();
    },
  },
  {
    name: "audit log search (security admin)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "security_admin");
      await page.goto(`${base}/admin/audit?action=login.`);
    },
  },
  {
    name: "one-stop counter, the queue (officer)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "onestop_officer");
      await page.goto(`${base}/counter`);
    },
  },
  {
    name: "one-stop counter, reception form with errors (officer)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "onestop_officer");
      await page.goto(`${base}/counter/new?procedure=1.000656`);
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.locator("main form[method=post] button[type=submit]").click(),
      ]);
      await page.locator(".govuk-error-summary").waitFor();
    },
  },
  {
    name: "one-stop counter, a walk-in waiting for the decision (officer)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "onestop_officer");
      await receiveWalkIn(page, base);
    },
  },
  {
    name: "my work queue (officer)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "onestop_officer");
      await page.goto(`${base}/work`);
    },
  },
  {
    name: "processing a dossier, hand-over form (officer)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "onestop_officer");
      await receiveWalkIn(page, base);
      await Promise.all([
        page.waitForURL(/\/counter\/dossiers\//),
        page.locator('form[action$="/accept"] button[type=submit]').click(),
      ]);
      const code = (await page.locator("#dossier-code").textContent()).trim();
      await page.goto(`${base}/work/dossiers/${code}`);
      await page.locator("#hand-over").waitFor();
    },
  },
  {
    name: "dossiers, staff list (officer)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "onestop_officer");
      await page.goto(`${base}/dossiers?q=nguyen`);
    },
  },
  {
    name: "dossier register, the form (officer)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "onestop_officer");
      await page.goto(`${base}/work/register`);
    },
  },
  {
    name: "dossier register, a period the wrong way round (officer)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "onestop_officer");
      await page.goto(`${base}/work/register?unit=19360-TTPVHCC&from=2026-11-30&to=2026-11-01&format=pdf`);
    },
  },
  {
    name: "payments reconciliation, a day (officer)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "onestop_officer");
      await page.goto(`${base}/work/payments/reconciliation?unit=19360-TTPVHCC&day=2026-11-27`);
      await page.locator("#verdict").waitFor();
    },
  },
  {
    name: "payments reconciliation, a day that is not a date (officer)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "onestop_officer");
      await page.goto(`${base}/work/payments/reconciliation?unit=19360-TTPVHCC&day=2026-02-30`);
    },
  },
  {
    name: "fees at the counter (officer)",
    open: async (page, base, lang) => {
      const code = await acceptedWalkInCode(page, base, lang);
      await signInStaff(page, base, lang, "onestop_officer");
      await page.goto(`${base}/work/dossiers/${code}/payments`);
    },
  },
  { name: "error 403 (preview)", open: (page, base, lang) => page.goto(`${base}/style-guide/errors/403?lang=${lang}`) },
  { name: "error 404", open: (page, base, lang) => page.goto(`${base}/no/such/page?lang=${lang}`) },
  { name: "error 500", open: (page, base, lang) => page.goto(`${base}/style-guide/errors/500?lang=${lang}`) },
  { name: "public board", open: (page, base, lang) => page.goto(`${base}/board?lang=${lang}`) },
  {
    name: "public board, period with errors",
    open: (page, base, lang) => page.goto(`${base}/board?from=2025-03-10&to=2025-03-01&lang=${lang}`),
  },
  { name: "public board, large screen", open: (page, base, lang) => page.goto(`${base}/board/wall?lang=${lang}`) },
  // The operations centre (issue 10, part 2), as the demo IOC viewer.
  {
    name: "operations centre (IOC viewer)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "ioc_viewer");
      await page.goto(`${base}/ioc`);
      await page.locator("#counts").waitFor();
    },
  },
  {
    name: "operations centre, period with errors",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "ioc_viewer");
      await page.goto(`${base}/ioc?from=30/09/2025&to=01/09/2025`);
      await page.locator(".govuk-error-summary").waitFor();
    },
  },
  {
    name: "operations centre, an indicator's dossiers",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "ioc_viewer");
      await page.goto(`${base}/ioc/766/2.1`);
    },
  },
  // The drill-down by field and procedure, and the IOC viewer's dossier page (web/ioc_breakdown.cpp).
  {
    name: "operations centre, one field (IOC viewer)",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "ioc_viewer");
      await page.goto(`${base}/ioc?field=HT`);
      await page.locator("#filter").waitFor();
    },
  },
  {
    name: "operations centre, an unknown procedure",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "ioc_viewer");
      await page.goto(`${base}/ioc?procedure=9.999999`);
      await page.locator(".govuk-error-summary").waitFor();
    },
  },
  {
    name: "operations centre, a dossier (IOC viewer)",
    open: async (page, base, lang) => {
      const code = await acceptedWalkInCode(page, base, lang);
      await signInStaff(page, base, lang, "ioc_viewer");
      await page.goto(`${base}/ioc/dossiers/${code}`);
      await page.locator("#verdicts").waitFor();
    },
  },
  {
    name: "operations centre, video wall",
    open: async (page, base, lang) => {
      await signInStaff(page, base, lang, "ioc_viewer");
      await page.goto(`${base}/ioc/wall`);
    },
  },
  // The public lookup and the kiosk (issue 8): anonymous pages, a real accepted walk-in for the status.
  { name: "lookup, code form", open: (page, base, lang) => page.goto(`${base}/lookup?lang=${lang}`) },
  {
    name: "lookup, a dossier's status",
    open: async (page, base, lang) => {
      const code = await acceptedWalkInCode(page, base, lang);
      await page.goto(`${base}/lookup?code=${encodeURIComponent(code)}&lang=${lang}`);
      await page.locator("#lookup-state").waitFor();
    },
  },
  { name: "lookup, not found", open: (page, base, lang) => page.goto(`${base}/lookup?code=NO-SUCH-CODE-1&lang=${lang}`) },
  { name: "kiosk, start", open: (page, base, lang) => page.goto(`${base}/kiosk?lang=${lang}`) },
  {
    name: "kiosk, a dossier's status",
    open: async (page, base, lang) => {
      const code = await acceptedWalkInCode(page, base, lang);
      await page.goto(`${base}/kiosk/lookup?code=${encodeURIComponent(code)}&lang=${lang}`);
      await page.locator("#lookup-state").waitFor();
    },
  },
  { name: "kiosk, guide", open: (page, base, lang) => page.goto(`${base}/kiosk/guide?lang=${lang}`) },
  { name: "kiosk, guide by life event", open: (page, base, lang) => page.goto(`${base}/kiosk/guide?event=birth&lang=${lang}`) },
  { name: "kiosk, what to bring", open: (page, base, lang) => page.goto(`${base}/kiosk/guide/1.001193?lang=${lang}`) },
  {
    name: "kiosk, rating with errors",
    open: async (page, base, lang) => {
      await page.goto(`${base}/kiosk/rate?lang=${lang}`);
      await page.locator("#kiosk-rate-submit").click();
      await page.locator(".govuk-error-summary").waitFor();
    },
  },
];

// Records a walk-in death registration (demo procedure 1.000656) at the counter and waits for the
// dossier's page. The officer must be signed in.
export async function receiveWalkIn(page, base) {
  await page.goto(`${base}/counter/new?procedure=1.000656`);
  await page.fill("#applicant-name", "Nguyễn Thị Lành");
  await page.fill("#applicant-id-number", "045190001234");
  await page.fill("#applicant-address", "12 Trần Hưng Đạo, phường Quảng Trị");
  await page.fill("#applicant-phone", "0912345678");
  await page.fill("#answer-deceased_name", "Nguyễn Văn Tâm");
  await page.fill("#answer-deceased_birth_date", "1940-03-02");
  await page.check("#answer-deceased_sex");
  await page.fill("#answer-deceased_residence", "phường Quảng Trị");
  await page.fill("#answer-death_date", "2026-11-20");
  await page.fill("#answer-death_place", "Bệnh viện đa khoa tỉnh");
  await page.fill("#answer-declarant_name", "Nguyễn Thị Lành");
  await page.fill("#answer-declarant_cccd", "045190001234");
  await page.check("#answer-declarant_relation");
  await page.fill("#answer-declarant_phone", "0912345678");
  await page.check("#component-1-2");  // handed in: original
  await Promise.all([
    page.waitForURL(/\/counter\/dossiers\//),
    page.locator("main form[method=post] button[type=submit]").click(),
  ]);
  await page.locator("#dossier-code").waitFor();
}

// A walk-in received and accepted at the counter by the demo officer; returns its code with the browser
// signed out again (the cookies cleared), as a citizen at the kiosk would be.
// Waits until the figure at `selector` on `page` reads `expected` (Vietnamese thousands dots ignored).
export async function waitForFigure(page, selector, expected, timeout = 10_000) {
  await page.waitForFunction(
    ([sel, want]) => Number(document.querySelector(sel).textContent.trim().replace(/\./g, "")) === want,
    [selector, expected],
    { timeout },
  );
}

export async function acceptedWalkInCode(page, base, lang) {
  await signInStaff(page, base, lang, "onestop_officer");
  await receiveWalkIn(page, base);
  await Promise.all([
    page.waitForURL(/\/counter\/dossiers\//),
    page.locator('form[action$="/accept"] button[type=submit]').click(),
  ]);
  const code = (await page.locator("#dossier-code").textContent()).trim();
  await page.context().clearCookies();
  return code;
}

export async function fillValidForm(page) {
  await page.fill("#full-name", "Đặng Thị Hường");
  await page.fill("#phone", "0912 345 678");
  await page.fill("#cccd", "045190000123");
  await page.check("#topic-2");
  await page.check("#contact");
  await page.fill("#message", "Trang web dễ dùng.");
  await Promise.all([page.waitForURL(/style-guide/), page.locator("form[method=post] button[type=submit]").click()]);
}

// Signs in as the demo citizen and starts an online application for a full-online procedure from its
// page; resolves to the application's path ("/applications/7") with the task list showing.
export async function startApplication(page, base, lang) {
  await signIn(page, base, lang, "citizen");
  await page.goto(`${base}/procedures/2.000635`);
  await Promise.all([page.waitForURL(/\/applications\/[0-9]+$/), page.locator("#apply-online button").click()]);
  await page.locator("#tasks").waitFor();
  return new URL(page.url()).pathname;
}

// The demo login of a role (seed-demo): e-mail and password.
export function demoLogin(role) {
  const local = role.replaceAll("_", "-");
  return { email: `${local}@phuongquangtri.example`, password: `demo-${local}-quangtri` };
}

async function fillSignIn(page, base, lang, role) {
  const { email, password } = demoLogin(role);
  await page.goto(`${base}/sign-in?lang=${lang}`);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.locator("main form[method=post] button[type=submit]").click(),
  ]);
}

// Signs in with a demo login (no second factor) and waits for the page after the redirect.
export async function signIn(page, base, lang, role) {
  await fillSignIn(page, base, lang, role);
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
}

// Signs in as staff and, when the server asks for it (a required step), sets up two-step verification,
// leaving the browser on the recovery codes page with every staff page open to it.
// Later sign-ins of the same account (the other language) answer the second step with one of the
// recovery codes the set-up showed: no waiting for a fresh 30-second code.
const recoveryCodes = new Map(); // `${base} ${role}` → unused codes
const staffSessions = new Map();  // "<server> <role>" → the session cookie of a signed-in staff account

export async function signInStaff(page, base, lang, role) {
  const key = `${base} ${role}`;
  // A staff account signs in once per server: later pages reuse its session cookie (a second sign-in
  // would spend one of its ten recovery codes, since a TOTP code may not be used twice).
  if (staffSessions.has(key)) {
    await page.context().addCookies(staffSessions.get(key));
    await page.goto(`${base}/account?lang=${lang}`);
    return;
  }
  await fillSignIn(page, base, lang, role);
  if (recoveryCodes.has(key)) {
    await page.fill("#code", recoveryCodes.get(key).pop());
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith("/sign-in")),
      page.locator("main form[method=post] button[type=submit]").click(),
    ]);
    return;
  }
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
  if (new URL(page.url()).pathname === "/account/two-factor") {
    recoveryCodes.set(key, await confirmTotp(page));
  }
  staffSessions.set(key, (await page.context().cookies()).filter((c) => c.name === "mocua_session"));
}

// RFC 6238 code for a base32 secret, now.
export function totp(secret, now = Date.now()) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/=+$/, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 30000)));
  const h = createHmac("sha1", key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, "0");
}

// On the enrolment page: types the current code and waits for the recovery codes.
export async function confirmTotp(page) {
  const secret = ((await page.locator("#totp-secret").textContent()) ?? "").trim();
  await page.fill("#code", totp(secret));
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.locator("main form[method=post] button[type=submit]").click(),
  ]);
  await page.locator("#recovery-codes").waitFor();
  return page.locator("#recovery-codes li").allTextContents();
}
