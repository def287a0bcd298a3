// Sign-in with the national e-ID (VNeID-style OpenID Connect) end to end: npm oidc-provider
// (tests/oidc/provider.mjs) on loopback as the identity provider, a seeded mocua configured for it,
// and Debian's Chromium going through the provider's real login and consent forms. Then the HTTP
// refusals: a callback with a wrong state, a replayed callback, a callback without a pending login,
// and the provider's error (the user cancelled) each get a clear page and no session.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { AxeBuilder, axeTags, languages, launchBrowser, startServer } from "./support.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const clientId = "mocua-e2e";
const clientSecret = "mocua-e2e-secret-0123456789abcdef";

// A free loopback port for mocua: the provider must know the redirect URI before mocua starts.
async function freePort() {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  await once(server, "close");
  return port;
}

async function startProvider(redirectUri) {
  const child = spawn(
    process.execPath,
    [path.join(repo, "tests", "oidc", "provider.mjs"), "--client-id", clientId, "--client-secret", clientSecret,
      "--redirect-uri", redirectUri],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  let stdout = "";
  const issuer = await new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      stdout += d;
      const m = stdout.match(/issuer (http:\/\/[0-9.:]+)/);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`provider.mjs exited with ${code}:\n${stderr}`)));
  });
  return {
    issuer,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await once(child, "exit");
      }
    },
  };
}

let provider;
let server;
let browser;
before(async () => {
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/auth/vneid/callback`;
  provider = await startProvider(redirectUri);
  server = await startServer({
    listen: `127.0.0.1:${port}`,
    env: {
      MOCUA_OIDC_ENABLED: "true",
      MOCUA_OIDC_ISSUER: provider.issuer,
      MOCUA_OIDC_CLIENT_ID: clientId,
      MOCUA_OIDC_REDIRECT_URI: redirectUri,
      MOCUA_OIDC_SCOPES: "profile email phone cccd",
      MOCUA_OIDC_ALLOW_HTTP: "true",
      MOCUA_OIDC_CLIENT_SECRET: clientSecret,
    },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await provider?.stop();
});

// From mocua's sign-in page through the provider's login and consent forms back to mocua.
async function signInWithVneid(page, lang) {
  await page.goto(`${server.url}/sign-in?lang=${lang}`);
  await Promise.all([page.waitForURL((u) => u.origin === provider.issuer), page.locator("#vneid-sign-in").click()]);
  await page.fill('input[name="login"]', "citizen-demo");
  await page.fill('input[name="password"]', "any password");
  await page.locator('button[type="submit"]').click();
  // The consent page (first login of this browser), unless the provider skips it.
  await page.waitForURL((u) => u.origin === server.url || /interaction/.test(u.pathname));
  if (new URL(page.url()).origin !== server.url) {
    await Promise.all([page.waitForURL((u) => u.origin === server.url), page.locator('button[type="submit"]').click()]);
  }
  await page.waitForURL((u) => u.pathname === "/account");
}

describe("e-ID sign-in in the browser", () => {
  for (const lang of languages) {
    test(`a citizen signs in through the provider's pages and is linked by CCCD (${lang})`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      let callback = "";
      page.on("request", (r) => {
        if (r.url().includes("/auth/vneid/callback")) callback = r.url();
      });
      await signInWithVneid(page, lang);
      assert.equal(((await page.locator("#account-name").textContent()) ?? "").trim(), "Nguyễn Văn An");
      const me = await (await page.request.get(`${server.url}/api/v1/me`)).json();
      assert.equal(me.kind, "citizen");
      assert.equal(me.display_name, "Nguyễn Văn An");
      assert.equal(me.email, "an.nguyen@example.vn");
      const session = (await context.cookies()).find((c) => c.name === "mocua_session");
      assert.ok(session?.httpOnly, "the session cookie is HttpOnly");
      assert.equal(session.sameSite, "Lax");
      assert.ok(!(await context.cookies()).some((c) => c.name === "mocua_vneid"), "the pending login is gone");

      // The same callback again (history, a stolen URL): refused, the page says to start again.
      const replay = await page.goto(callback);
      assert.equal(replay.status(), 400);
      const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
      assert.deepEqual(results.violations.map((v) => v.id), [], "axe on the refusal page");
      await context.close();
    });
  }

  test("the same person signing in again gets the same account", async () => {
    const ids = [];
    for (let i = 0; i < 2; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signInWithVneid(page, "vi");
      ids.push((await (await page.request.get(`${server.url}/api/v1/me`)).json()).account_id);
      await context.close();
    }
    assert.equal(ids[0], ids[1]);
  });

  test("the sign-in page offers the e-ID button, with 0 axe violations", async () => {
    for (const lang of languages) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/sign-in?lang=${lang}`);
      assert.ok(await page.locator("#vneid-sign-in").isVisible());
      const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
      assert.deepEqual(results.violations.map((v) => v.id), [], `axe on the sign-in page (${lang})`);
      await context.close();
    }
  });
});

// Plain HTTP, no browser: start a login, then answer the callback the wrong ways.
async function begin() {
  const r = await fetch(`${server.url}/auth/vneid?lang=en`, { redirect: "manual" });
  assert.equal(r.status, 303);
  const location = new URL(r.headers.get("location"));
  assert.equal(location.origin, provider.issuer);
  assert.equal(location.searchParams.get("code_challenge_method"), "S256");
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith("mocua_vneid="));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie, /Path=\/auth\/vneid/);
  return { state: location.searchParams.get("state"), cookie: cookie.split(";")[0] };
}

async function callback(query, cookie) {
  const headers = cookie ? { cookie } : {};
  const r = await fetch(`${server.url}/auth/vneid/callback?${new URLSearchParams({ lang: "en", ...query })}`, {
    headers,
    redirect: "manual",
  });
  const body = await r.text();
  assert.ok(!r.headers.getSetCookie().some((c) => c.startsWith("mocua_session=mcs_")), "no session");
  return { status: r.status, body };
}

describe("e-ID callback refusals (HTTP)", () => {
  test("a wrong state is refused", async () => {
    const { cookie } = await begin();
    const r = await callback({ code: "x", state: "not-the-state" }, cookie);
    assert.equal(r.status, 400);
    assert.match(r.body, /Please start signing in again/);
  });

  test("a callback without a pending login (replayed, or not started here) is refused", async () => {
    const { state } = await begin();
    const r = await callback({ code: "x", state }, "");
    assert.equal(r.status, 400);
    assert.match(r.body, /Please start signing in again/);
  });

  test("a tampered pending-login cookie is refused", async () => {
    const { state, cookie } = await begin();
    const r = await callback({ code: "x", state }, cookie.slice(0, -4) + "AAAA");
    assert.equal(r.status, 400);
  });

  test("the provider's error (the user cancelled) shows the cancelled page", async () => {
    const { state, cookie } = await begin();
    const r = await callback({ error: "access_denied", state }, cookie);
    assert.equal(r.status, 403);
    assert.match(r.body, /You cancelled signing in/);
  });

  test("a code the provider never issued is refused", async () => {
    const { state, cookie } = await begin();
    const r = await callback({ code: "forged-code", state }, cookie);
    assert.equal(r.status, 400);
    assert.match(r.body, /Signing in did not work/);
  });
});
