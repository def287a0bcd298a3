// Builds the browser assets into hashed files: `node web/build.mjs --out build/static`.
// Runs offline from web/node_modules (installed by `make deps` from package-lock.json). CMake runs it
// as part of `make build`. Writes OUT/manifest.json, which maps logical names ("app.css") to the
// hashed files ("app.3F9A1C2B.css") that the server's templates link to; the hash makes the files
// safe to cache for a year. Files of an earlier build that the new manifest no longer names are
// removed.
import { createHash } from "node:crypto";
import { readFile, writeFile, mkdir, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
if (outIndex < 0 || !args[outIndex + 1]) {
  console.error("usage: node web/build.mjs --out DIR");
  process.exit(2);
}
const out = path.resolve(args[outIndex + 1]);
if (!existsSync(path.join(here, "node_modules", "esbuild"))) {
  console.error("web/node_modules is missing: run `make deps` (npm ci in web/) first");
  process.exit(1);
}
const esbuild = await import("esbuild");
const sass = await import("sass");

await mkdir(out, { recursive: true });
const manifestPath = path.join(out, "manifest.json");
const previous = existsSync(manifestPath) ? JSON.parse(await readFile(manifestPath, "utf8")) : {};

// 1. Sass → CSS (GOV.UK Frontend's sources, our settings and additions).
const compiled = sass.compile(path.join(here, "src", "app.scss"), {
  loadPaths: [path.join(here, "node_modules")],
  quietDeps: true,
  style: "expanded",
});
const fonts = await readFile(path.join(here, "src", "fonts.css"), "utf8");
// Sass adds @charset for non-ASCII content; it must come first, and esbuild escapes non-ASCII anyway.
const designSystem = compiled.css.replace(/^@charset "UTF-8";\s*/m, "");

// 2. CSS bundle: fonts first, then the design system; font files copied with hashed names.
const css = await esbuild.build({
  stdin: { contents: fonts + "\n" + designSystem, resolveDir: path.join(here, "src"), sourcefile: "app.css", loader: "css" },
  bundle: true,
  minify: true,
  outdir: out,
  entryNames: "app.[hash]",
  assetNames: "fonts/[name].[hash]",
  loader: { ".woff2": "file" },
  // GOV.UK's stylesheet names images under /assets/ for components we do not render (the crest).
  external: ["/assets/*"],
  metafile: true,
  logLevel: "warning",
});

// 3. JavaScript: one small module for every page, htmx only for pages that use it.
const js = await esbuild.build({
  entryPoints: { app: path.join(here, "src", "app.mjs"), htmx: path.join(here, "src", "htmx.mjs") },
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020"],
  outdir: out,
  entryNames: "[name].[hash]",
  legalComments: "eof",
  metafile: true,
  logLevel: "warning",
});

const manifest = {};
const files = [];

// 4. The favicon, linked from every page so that browsers do not ask for /favicon.ico.
const favicon = await readFile(path.join(here, "src", "favicon.svg"));
const faviconName = `favicon.${createHash("sha256").update(favicon).digest("hex").slice(0, 8).toUpperCase()}.svg`;
await writeFile(path.join(out, faviconName), favicon);
manifest["favicon.svg"] = faviconName;
files.push(faviconName);

for (const result of [css, js]) {
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    const rel = path.relative(out, path.resolve(file)).split(path.sep).join("/");
    files.push(rel);
    if (info.entryPoint || rel.startsWith("app.")) {
      const logical = rel.replace(/\.[A-Z0-9]{8}\./, ".");
      manifest[logical] = rel;
    }
  }
}
// 3b. The kiosk's script, a bundle of its own that only kiosk pages link (idle timer, QR scan with jsQR).
const kiosk = await esbuild.build({
  entryPoints: { kiosk: path.join(here, "src", "kiosk.mjs") },
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020"],
  outdir: out,
  entryNames: "[name].[hash]",
  legalComments: "eof",
  metafile: true,
  logLevel: "warning",
});
for (const [file, info] of Object.entries(kiosk.metafile.outputs)) {
  const rel = path.relative(out, path.resolve(file)).split(path.sep).join("/");
  files.push(rel);
  if (info.entryPoint) manifest[rel.replace(/\.[A-Z0-9]{8}\./, ".")] = rel;
}
if (!manifest["kiosk.js"]) throw new Error("build produced no kiosk.js");
// 3c. The operations centre's trend charts (ECharts: only the parts used, SVG renderer), a bundle of its
// own that only /ioc links (shell.cpp: uses_ioc_charts).
const iocCharts = await esbuild.build({
  entryPoints: { "ioc-charts": path.join(here, "src", "ioc-charts.mjs") },
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020"],
  outdir: out,
  entryNames: "[name].[hash]",
  legalComments: "eof",
  metafile: true,
  logLevel: "warning",
});
for (const [file, info] of Object.entries(iocCharts.metafile.outputs)) {
  const rel = path.relative(out, path.resolve(file)).split(path.sep).join("/");
  files.push(rel);
  if (info.entryPoint) manifest[rel.replace(/\.[A-Z0-9]{8}\./, ".")] = rel;
}
if (!manifest["ioc-charts.js"]) throw new Error("build produced no ioc-charts.js");
for (const name of ["app.css", "app.js", "htmx.js", "favicon.svg"]) {
  if (!manifest[name]) throw new Error(`build produced no ${name}`);
}
manifest.files = files.sort();

for (const old of previous.files ?? []) {
  if (!files.includes(old)) await rm(path.join(out, old), { force: true });
}
await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
for (const f of manifest.files) console.log(`  static/${f}`);
