// The hand-written declarations (npm/index.d.ts, npm/lazy.d.ts) type-check,
// and code written against them compiles (types/usage.ts) while code using what
// the package no longer exports does not (types/wrong.ts): tsc --noEmit --strict.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const tsc = (file) =>
  spawnSync(process.execPath, [`${here}node_modules/typescript/bin/tsc`, "--noEmit", "--strict", "--module", "es2022",
    "--target", "es2022", "--moduleResolution", "bundler", "--lib", "es2022,dom", `${here}${file}`], { encoding: "utf8" });

test("the declarations and code written against them type-check", () => {
  const r = tsc("types/usage.ts");
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test("a call the declarations do not allow fails to type-check", () => {
  const r = tsc("types/wrong.ts");
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stdout, /wrong\.ts\(3,5\): error TS2693: 'Policy' only refers to a type/);
});
