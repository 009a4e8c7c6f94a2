// The DCC module's Checkpoint (`(await dcc()).Checkpoint`): the checkpoint
// module's class over core with `dcc`. A root-signed DSC list (`VN1D:`, made
// with `qrpass dsc-list sign`) is offered like any list, HC1: texts are
// decided by the policy's `dcc` rules with a view of name, date of birth and
// statement only, a list signed by another key is refused leaving the state
// byte-identical, and saved states move between the two modules.
//   node --test bindings-wasm/tests/dcc-checkpoint.test.js
//   (after bash scripts/build-wasm.sh and `cargo build -p qrpass-cli`; QRPASS_BIN overrides the CLI's path)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createPublicKey } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import * as qrpass from "../npm/index.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const cli = process.env.QRPASS_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(repo, "target"), "debug", "qrpass");
const { Checkpoint } = await qrpass.dcc();
const { Checkpoint: PlainCheckpoint } = await qrpass.checkpoint();

const dgc = (name) => JSON.parse(readFileSync(join(repo, `testdata/dgc/${name}.json`), "utf8"));
const AT1 = dgc("AT/2DCode/raw/1"); // vaccination 1/2, valid at its clock
const CO5 = dgc("common/2DCode/raw/CO5"); // a broken signature
const AT = AT1.TESTCTX.VALIDATIONCLOCK; // 2021-05-06T18:00:00Z
const iso = (ms) => new Date(ms).toISOString().replace(".000Z", "Z");
const DAY = 86_400e3;
const POLICY = { format: 1, name: "DCC desk", accept: ["permit"], dcc: { default: { vaccination: {} } } };

let dir, fx;

/** Keys, a trust list, a permit, and DSC lists signed by the root and by another key. */
function fixtures() {
  const run = (...args) => execFileSync(cli, args, { encoding: "utf8" }).trim();
  const f = (name) => join(dir, name);
  // The lists are issued a day before the earliest clock checked (CO5's), fresh for 7 days.
  const t0 = iso(Date.parse(CO5.TESTCTX.VALIDATIONCLOCK) - DAY);
  run("trust", "root-keygen", "--out", dir);
  run("trust", "root-keygen", "--out", f("other"));
  const der = createPublicKey(readFileSync(f("root.pub.pem"))).export({ type: "spki", format: "der" });
  run("keygen", "--issuer", "VN-HN", "--out", dir, "--valid-from", "2021-01-01T00:00:00+07:00");
  run("trust", "new", f("trust-src.json"));
  run("trust", "add", f("trust-src.json"), "--issuer", "VN-HN", "--public-key", f("VN-HN.pub.pem"), "--valid-from", "2021-01-01T00:00:00+07:00");
  run("trust", "sign", f("trust-src.json"), "--root", f("root.key.pem"), "--out", f("trust.bin"), "--at", t0, "--valid-days", "7");
  const permit = JSON.parse(readFileSync(join(repo, "spec/examples/permit.json"), "utf8"));
  permit.areas = ["01.001"];
  permit.validity = { from: "2021-05-01T00:00:00+07:00", until: "2021-05-31T23:59:59+07:00" };
  writeFileSync(f("permit.json"), JSON.stringify(permit));
  const pass = run("issue", "--key", f("VN-HN.key.pem"), "--issuer", "VN-HN", "--iat", "2021-05-02T08:00:00+07:00", "--cti", "d1", f("permit.json"));
  const pem = (c) => `-----BEGIN CERTIFICATE-----\n${c.TESTCTX.CERTIFICATE}\n-----END CERTIFICATE-----\n`;
  writeFileSync(f("dsc.pem"), pem(AT1) + pem(CO5));
  const sign = (root, sequence, out) => {
    run("dsc-list", "sign", f("dsc.pem"), "--root", root, "--sequence", String(sequence), "--at", t0, "--out", f(out), "--text");
    return readFileSync(f(out), "utf8");
  };
  const dsc2 = sign(f("root.key.pem"), 2, "dsc2.vn1d");
  run("publish", "--out", f("site"), "--root", f("root.key.pem"), "--trust", f("trust.bin"), "--dsc-list", f("dsc2.vn1d"), "--sequence", "1", "--at", t0);
  return {
    rootHex: der.subarray(der.length - 32).toString("hex"),
    index: readFileSync(f("site/index.vn1i"), "utf8"),
    trust: new Uint8Array(readFileSync(f("trust.bin"))),
    pass,
    dsc1: sign(f("root.key.pem"), 1, "dsc1.vn1d"),
    dsc2,
    stranger: sign(f("other/root.key.pem"), 3, "stranger.vn1d"),
  };
}

before(() => {
  assert.ok(existsSync(cli), `the qrpass CLI is not built at ${cli} (cargo build -p qrpass-cli)`);
  dir = mkdtempSync(join(tmpdir(), "qrpass-dcc-cp-"));
  fx = fixtures();
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A checkpoint of `cls` at area 01.001 holding the trust list and the DCC rules. */
function open(cls) {
  const cp = new cls(fx.rootHex, "dcc-desk", "01.001");
  cp.offer(fx.trust);
  cp.setLocalPolicy(POLICY);
  return cp;
}

const refused = (cp, file) => {
  const before = cp.save();
  let code;
  assert.throws(() => cp.offer(file), (e) => ((code = e.code), e.name === "QrpassError"));
  assert.deepEqual(cp.save(), before, `a refused offer (${code}) changed the state`);
  return code;
};
const dscLine = (cp) => cp.status(AT).artifacts.find((a) => a.kind === "dsc_list");

test("both modules' Checkpoint classes have the same JS API (one source)", () => {
  const members = (cls) => [Object.getOwnPropertyNames(cls.prototype).sort(), Object.getOwnPropertyNames(cls).filter((n) => typeof cls[n] === "function").sort()];
  assert.notEqual(Checkpoint, PlainCheckpoint, "two modules, two classes");
  assert.deepEqual(members(Checkpoint), members(PlainCheckpoint));
});

test("a signed DSC list is offered like a list; an HC1: text is then decided by the policy's dcc rules, with a minimal view", () => {
  const cp = open(Checkpoint);
  const none = cp.check(AT1.PREFIX, { at: AT, count: false });
  assert.deepEqual([none.outcome, none.codes], ["deny", ["bad_dsc_list"]], "no DSC list held yet");
  assert.deepEqual(cp.offer(fx.dsc1), { kind: "dsc_list", outcome: "loaded", sequence: 1 });
  assert.equal(cp.offer(fx.dsc1).outcome, "unchanged");
  assert.deepEqual([dscLine(cp).sequence, dscLine(cp).state], [1, "fresh"]);

  const allowed = cp.check(AT1.PREFIX, { at: AT });
  assert.deepEqual([allowed.outcome, allowed.codes, allowed.policy], ["allow", ["pass_valid"], { id: "local", sequence: null, signed: false }]);
  assert.deepEqual(Object.keys(allowed.view).sort(), ["decision", "dob", "name", "reasons", "statement", "statement_vi"]);
  assert.deepEqual([allowed.view.name, allowed.view.dob, allowed.view.statement, allowed.view.statement_vi], ["Musterfrau-Gößinger Gabriele", "1998-02-26", "vaccination 1/2 on 2021-02-18 (AT)", "tiêm mũi 1/2 ngày 2021-02-18 (AT)"]);
  const v = AT1.JSON.v[0];
  const json = JSON.stringify(allowed);
  for (const marker of [v.ci, v.is, v.mp, v.ma, "MUSTERFRAU"]) assert.ok(!json.includes(marker), `${marker} is not in the result`);

  // The same shape as for VN1:; a forged DCC is denied with nothing of it shown.
  const forged = cp.check(CO5.PREFIX, { at: CO5.TESTCTX.VALIDATIONCLOCK });
  assert.deepEqual([forged.outcome, forged.codes], ["deny", ["bad_signature"]]);
  assert.deepEqual(Object.keys(forged.view).sort(), ["decision", "reasons"]);
  const pass = cp.check(fx.pass, { at: AT });
  assert.deepEqual(Object.keys(pass).sort(), Object.keys(allowed).sort());
  assert.equal(pass.outcome, "allow", JSON.stringify(pass.codes));
  // Stricter rules deny the first dose of two; a policy without a dcc section accepts no DCC.
  cp.setLocalPolicy({ ...POLICY, dcc: { default: { vaccination: { full_course: true } } } });
  assert.deepEqual(cp.check(AT1.PREFIX, { at: AT }).codes, ["not_full_course"]);
  cp.setLocalPolicy({ format: 1, accept: ["permit"] });
  assert.deepEqual(cp.check(AT1.PREFIX, { at: AT }).codes, ["kind_not_accepted"]);
  // Counted as eu_dcc (the forged one, on 2021-05-03, as unverified), without personal data.
  const tally = cp.tallyCsv();
  assert.match(tally, /\n2021-05-06T18:00:00Z,eu_dcc,allow,none,1\n/);
  assert.match(tally, /\n2021-05-03T18:00:00Z,unverified,deny,none,1\n/);
  assert.ok(!/Musterfrau|Gabriele|1998/.test(tally + cp.tallyJson()));
});

test("a DSC list signed by another key, or an older one, is refused with its code and changes nothing", () => {
  const cp = open(Checkpoint);
  assert.equal(refused(cp, fx.stranger), "bad_dsc_list");
  assert.equal(dscLine(cp), undefined);
  cp.offer(fx.dsc2);
  assert.equal(refused(cp, fx.stranger), "bad_dsc_list");
  assert.equal(refused(cp, fx.dsc1), "dsc_list_rollback");
  const flipped = fx.dsc2.slice(0, 40) + (fx.dsc2[40] === "A" ? "B" : "A") + fx.dsc2.slice(41);
  // A changed character breaks the envelope (unknown_artifact) or the signature (bad_dsc_list).
  assert.ok(["unknown_artifact", "bad_dsc_list"].includes(refused(cp, flipped)), "a damaged list is refused");
  assert.equal(dscLine(cp).sequence, 2, "still on the list held");
  assert.equal(cp.check(AT1.PREFIX, { at: AT }).outcome, "allow");
});

test("save and restore keep the DSC list and its floor", () => {
  const cp = open(Checkpoint);
  cp.offer(fx.dsc2);
  cp.check(AT1.PREFIX, { at: AT });
  const saved = cp.save();
  const back = Checkpoint.restore(saved);
  assert.deepEqual(back.save(), saved);
  assert.equal(dscLine(back).sequence, 2);
  assert.equal(JSON.parse(back.tallyJson()).total, 1);
  assert.deepEqual(back.check(AT1.PREFIX, { at: AT, count: false }).codes, ["pass_valid"]);
  assert.equal(refused(back, fx.dsc1), "dsc_list_rollback");
  assert.throws(() => Checkpoint.restore(saved.slice(0, -1)), (e) => e.code === "bad_checkpoint_state");
});

test("the checkpoint module restores a state holding a DSC list: the VN1 side stays, the DSC list is skipped, its floor kept", () => {
  const cp = open(Checkpoint);
  cp.offer(fx.dsc2);
  const passed = cp.check(fx.pass, { at: AT });
  const plain = PlainCheckpoint.restore(cp.save());
  assert.deepEqual(plain.check(fx.pass, { at: AT }), passed, "the same VN1: decision");
  assert.equal(JSON.parse(plain.tallyJson()).total, 2);
  assert.equal(dscLine(plain), undefined, "no DSC list held without dcc");
  assert.deepEqual([plain.check(AT1.PREFIX, { at: AT, count: false }).codes], [["bad_prefix"]]);
  assert.equal(refused(plain, fx.dsc2), "dcc_unsupported");
  // Back in the DCC module: no list; the floor refuses an older one, and, as
  // for a trust list, the one held before is asked for and loads again.
  const again = Checkpoint.restore(plain.save());
  assert.equal(dscLine(again), undefined);
  assert.equal(refused(again, fx.dsc1), "dsc_list_rollback");
  const wanted = (c) => c.wanted(fx.index).map((e) => e.name).sort();
  assert.deepEqual(wanted(open(Checkpoint)), ["dsc.vn1d"], "a DCC checkpoint without a list wants the published one");
  assert.deepEqual(wanted(open(PlainCheckpoint)), [], "the checkpoint module never asks for a DSC list");
  assert.deepEqual(wanted(again), ["dsc.vn1d"], "the list at the floor is fetched again");
  assert.equal(again.offer(fx.dsc2).outcome, "loaded");
  assert.equal(dscLine(again).sequence, 2);
  assert.equal(again.check(AT1.PREFIX, { at: AT, count: false }).outcome, "allow");
  assert.deepEqual(wanted(again), [], "and not again once held");
  assert.deepEqual(again.check(fx.pass, { at: AT }).outcome, passed.outcome);
  assert.throws(() => PlainCheckpoint.restore(cp.save().slice(1)), (e) => e.code === "bad_checkpoint_state");
});
