// Shared by the browser checks: start a seeded `mocua` on a free port, launch Debian's Chromium
// through playwright-core, and the list of page templates to visit in both languages.
import { spawn, execFileSync } from "node:child_process";
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
export async function startServer() {
  if (!existsSync(binary)) throw new Error(`no mocua binary at ${binary}: build first, or set MOCUA_BINARY`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "mocua-e2e-"));
  execFileSync(binary, ["seed-demo", "--data-dir", dataDir], { stdio: "pipe" });
  const child = spawn(binary, ["serve", "--data-dir", dataDir, "--listen", "127.0.0.1:0"], {
    stdio: ["ignore", "pipe", "pipe"],
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
  { name: "error 403 (preview)", open: (page, base, lang) => page.goto(`${base}/style-guide/errors/403?lang=${lang}`) },
  { name: "error 404", open: (page, base, lang) => page.goto(`${base}/no/such/page?lang=${lang}`) },
  { name: "error 500", open: (page, base, lang) => page.goto(`${base}/style-guide/errors/500?lang=${lang}`) },
];

export async function fillValidForm(page) {
  await page.fill("#full-name", "Đặng Thị Hường");
  await page.fill("#phone", "0912 345 678");
  await page.fill("#cccd", "045190000123");
  await page.check("#topic-2");
  await page.check("#contact");
  await page.fill("#message", "Trang web dễ dùng.");
  await Promise.all([page.waitForURL(/style-guide/), page.locator("form[method=post] button[type=submit]").click()]);
}
