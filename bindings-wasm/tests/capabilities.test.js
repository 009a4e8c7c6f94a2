// Every JS item that spec/capabilities.json names is exported by the package:
// a name (`inspect`) or Class.member, found on the prototype or as a static;
// PrivateKey and Issuer come from the lazily loaded issuing module, Checkpoint
// from the lazily loaded checkpoint module, the DCC classes and verifyAny from
// the lazily loaded DCC module.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import * as qrpass from "../npm/index.js";

// The issuing, checkpoint and DCC classes live in lazily loaded modules: checked
// as if exported. `Checkpoint` is the checkpoint module's, except in the dcc.*
// rows (checked below against the DCC module, whose Checkpoint holds DSC lists).
const dccModule = await qrpass.dcc();
const module = {
  ...qrpass,
  ...(await qrpass.issuing()),
  ...dccModule,
  ...(await qrpass.checkpoint()),
};
const table = JSON.parse(readFileSync(new URL("../../spec/capabilities.json", import.meta.url), "utf8"));

function missing(module, items) {
  return items.filter((item) => {
    const [name, member, ...rest] = item.split(".");
    if (rest.length > 0 || typeof module[name] !== "function") return true;
    if (member === undefined) return false;
    const cls = module[name];
    // A getter counts (kid); reading it on the prototype would call it, so look at the descriptor.
    const d = cls.prototype && Object.getOwnPropertyDescriptor(cls.prototype, member);
    return !(d && (typeof d.value === "function" || typeof d.get === "function")) && typeof cls[member] !== "function";
  });
}

test("every named JS item is exported", () => {
  const named = table.capabilities.filter((c) => Array.isArray(c.js));
  assert.ok(named.length > 15, `${named.length} rows`);
  const gaps = named.flatMap((c) => missing(c.id.startsWith("dcc.") ? dccModule : module, c.js).map((m) => `${c.id}: ${m}`));
  assert.deepEqual(gaps, []);
});

test("a bogus name is missing", () => {
  assert.deepEqual(missing(module, ["Verifier.verify", "Checkpoint.restore", "PrivateKey.kid", "Verifier.noSuchMethod", "noSuchFunction", "errorCodes", "PrivateKey.noSuch"]),
    ["Verifier.noSuchMethod", "noSuchFunction", "PrivateKey.noSuch"]);
});

test("the DCC rows are the lazily loaded DCC module's", async () => {
  const dcc = await qrpass.dcc();
  // The DSC-list and checkpoint-policy rows are the DCC module's Checkpoint (core with dcc).
  const rows = table.capabilities.filter((c) => c.id.startsWith("dcc.") && Array.isArray(c.js));
  assert.deepEqual(rows.map((c) => c.id), ["dcc.verify", "dcc.verify_any", "dcc.policy", "dcc.dsc_list", "dcc.checkpoint_policy"]);
  for (const c of rows) {
    assert.deepEqual(missing(dcc, c.js), [], c.id);
    assert.deepEqual(missing(qrpass, c.js), c.js, `${c.id}: not in the verifier module`);
  }
});

test("absent cells say why", () => {
  for (const c of table.capabilities) if (!Array.isArray(c.js)) assert.ok(c.js.absent.trim().length > 0, c.id);
});
