// The JS API beyond the vectors: every error path throws a QrpassError with its
// code, QR round trips through the lazily loaded module, time arguments agree.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import * as qrpass from "../npm/index.js";

// Checkpoint, Policy, IdCard and bind live in the lazily loaded checkpoint
// module, with its own Verifier and TrustAnchor for Policy.check.
const cp = await qrpass.checkpoint();
const { Checkpoint, Policy, IdCard, bind } = cp;

const vector = JSON.parse(readFileSync(new URL("../../spec/vectors/permit_typical.json", import.meta.url), "utf8"));
const throwsCode = (fn, code) =>
  assert.throws(fn, (e) => e.name === "QrpassError" && e.code === code && typeof e.family === "string" && e.message.length > 0, code);
const rejectsCode = (promise, code) =>
  assert.rejects(promise, (e) => e.name === "QrpassError" && e.code === code, code);

test("time arguments: seconds, RFC 3339 and Date agree", () => {
  const verifier = new qrpass.Verifier(JSON.stringify(vector.trust));
  const at = new Date(vector.at);
  const a = verifier.verify(vector.text, vector.at);
  assert.deepEqual(verifier.verify(vector.text, at), a);
  assert.deepEqual(verifier.verify(vector.text, at.getTime() / 1000), a);
  throwsCode(() => verifier.verify(vector.text), "expired"); // now: long after 2021
  throwsCode(() => verifier.verify(vector.text, "yesterday"), "invalid_date");
  throwsCode(() => verifier.verify(vector.text, new Date(NaN)), "invalid_argument");
  throwsCode(() => verifier.verify(vector.text, {}), "invalid_argument");
});

test("verifier construction errors", () => {
  throwsCode(() => new qrpass.Verifier("{"), "bad_trust_list");
  throwsCode(() => new qrpass.Verifier({ keys: [{ kid: "zz" }] }), "bad_trust_list");
  throwsCode(() => new qrpass.Verifier(vector.trust, { revokedCtis: "00" }), "invalid_argument");
  throwsCode(() => new qrpass.Verifier(vector.trust, { revokedCtis: ["xyz"] }), "invalid_argument");
  throwsCode(() => new qrpass.Verifier(vector.trust, { revokedCtis: [""] }), "invalid_cti");
  throwsCode(() => new qrpass.Verifier(undefined), "invalid_argument");
  const revoked = new qrpass.Verifier(vector.trust, { revokedCtis: [vector.expected.verified.cti] });
  throwsCode(() => revoked.verify(vector.text, vector.at), "revoked");
  const strict = new qrpass.Verifier(vector.trust, { clockSkew: 0 });
  assert.equal(strict.verify(vector.text, vector.at).issuer, vector.expected.verified.issuer);
});

test("verifyMany keeps order and never throws for a bad token", () => {
  const verifier = new qrpass.Verifier(vector.trust);
  const results = verifier.verifyMany([vector.text, "nope", ""], vector.at);
  assert.deepEqual(results.map((r) => r.code), [null, "bad_prefix", "empty_input"]);
  assert.equal(results[0].verified.cti, vector.expected.verified.cti);
  assert.ok(results[1].message.length > 0);
});

test("trust anchor and policy errors", () => {
  throwsCode(() => new qrpass.TrustAnchor("00"), "bad_key");
  throwsCode(() => new qrpass.TrustAnchor("zz".repeat(32)), "bad_key");
  const anchor = new qrpass.TrustAnchor("11".repeat(32));
  throwsCode(() => anchor.verifier(), "bad_trust_list");
  throwsCode(() => anchor.loadTrustList(42), "invalid_argument");
  throwsCode(() => anchor.loadTrustList(new Uint8Array([1, 2, 3])), "bad_trust_list");
  throwsCode(() => anchor.loadRevocationList("VN1R:%%"), "bad_revocation_list");
  assert.equal(anchor.trustSequence, undefined);
  throwsCode(() => new Policy("{"), "bad_policy");
  const policy = new Policy({ format: 1, accept: ["permit"], permit: { area: "deny" } });
  const verifier = new cp.Verifier(vector.trust);
  throwsCode(() => policy.check(verifier, vector.text, { area: "7", at: vector.at }), "invalid_area");
  const denied = policy.check(verifier, "VN1:%%", { at: vector.at });
  assert.equal(denied.outcome, "deny");
  assert.deepEqual(denied.codes, ["bad_base45"]);
  assert.equal(denied.view.name, undefined);
});

test("inspect decodes without verifying, and says what it cannot read", () => {
  const inspected = qrpass.inspect(vector.text);
  assert.equal(inspected.unverified_pass.kind, "permit");
  assert.equal(inspected.cti, vector.expected.verified.cti);
  throwsCode(() => qrpass.inspect("VN1:"), "bad_cbor");
  throwsCode(() => qrpass.inspect(""), "empty_input");
});

test("QR: render SVG, scan it back from luma with row padding, and from RGBA", async () => {
  const svg = await qrpass.renderSvg(vector.text, "Q");
  assert.match(svg, /^<\?xml/);
  const n = Number(svg.match(/viewBox="0 0 (\d+) \d+"/)[1]);
  const scale = 4, side = n * scale, stride = side + 24;
  const luma = new Uint8Array(stride * side).fill(255);
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const [, x, y, w] of svg.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
    for (let i = 0; i < Number(w); i++) {
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const px = (Number(x) + i) * scale + dx, py = Number(y) * scale + dy;
          luma[py * stride + px] = 0;
          rgba.fill(0, (py * side + px) * 4, (py * side + px) * 4 + 3);
        }
      }
    }
  }
  assert.deepEqual(await qrpass.scanLuma(luma, side, side, stride), [vector.text]);
  assert.deepEqual(await qrpass.scanImageData({ data: rgba, width: side, height: side }), [vector.text]);
});

test("QR errors have codes", async () => {
  await rejectsCode(qrpass.renderSvg("", "M"), "empty_input");
  await rejectsCode(qrpass.renderSvg("x", "Z"), "invalid_argument");
  await rejectsCode(qrpass.renderSvg("A".repeat(8000)), "qr_too_long");
  await rejectsCode(qrpass.scanImage(new Uint8Array()), "empty_input");
  await rejectsCode(qrpass.scanImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2])), "bad_image");
  await rejectsCode(qrpass.scanLuma(new Uint8Array(100).fill(255), 10, 10), "no_qr_found");
  await rejectsCode(qrpass.scanLuma(new Uint8Array(10), 10, 10), "bad_image");
  await rejectsCode(qrpass.scanLuma(new Uint8Array(10), 10.5, 1), "invalid_argument");
  await rejectsCode(qrpass.scanLuma(new Uint8Array(0), 100000, 100000), "image_too_large");
  await rejectsCode(qrpass.scanImageData({ width: 2, height: 2 }), "invalid_argument");
  await rejectsCode(qrpass.scanImageData({ data: new Uint8ClampedArray(16) }), "invalid_argument");
  await rejectsCode(qrpass.scanImageData({ data: new Uint8ClampedArray(15), width: 2, height: 2 }), "bad_image");
});

test("every error code is listed once", () => {
  const codes = qrpass.errorCodes();
  assert.equal(new Set(codes).size, codes.length);
  assert.ok(codes.includes("bad_signature") && codes.includes("no_qr_found"));
});

/** A PNG of the QR code of `text`: the QR module's SVG rasterised at 4 px a module, encoded by pngjs. */
async function pngOf(text) {
  const { PNG } = (await import("pngjs")).default;
  const svg = await qrpass.renderSvg(text, "Q");
  const n = Number(svg.match(/viewBox="0 0 (\d+) \d+"/)[1]);
  const scale = 4, side = n * scale;
  const png = new PNG({ width: side, height: side });
  png.data.fill(255);
  for (const [, x, y, w] of svg.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
    for (let px = Number(x) * scale; px < (Number(x) + Number(w)) * scale; px++) {
      for (let py = Number(y) * scale; py < (Number(y) + 1) * scale; py++) png.data.fill(0, (py * side + px) * 4, (py * side + px) * 4 + 3);
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}

test("ID cards: parse, classify, bind, check with a card, photos; no card data in views or logs", async () => {
  const text = "079201001234|023456789|Nguyễn Văn An|14052001|Nam|MARKER-ADDRESS|01062021";
  const card = IdCard.parse(text);
  assert.deepEqual([card.number, card.oldNumber, card.birthDate, card.sex], ["079201001234", "023456789", "2001-05-14", "male"]);
  assert.equal(card.address, "MARKER-ADDRESS");
  assert.ok(!JSON.stringify(card.masked()).includes("MARKER"));
  const { inspect } = await import("node:util");
  assert.ok(!inspect(card).includes("MARKER"), inspect(card));
  assert.equal(qrpass.classify(text), "id_card");
  assert.equal(qrpass.classify(vector.text), "pass");
  assert.equal(qrpass.classify("VN1R:AB"), "revocation_list");
  throwsCode(() => IdCard.parse(text.replace("14052001", "31022001")), "bad_id_card");
  throwsCode(() => IdCard.parse(""), "empty_input");
  const verifier = new cp.Verifier(JSON.stringify(vector.trust));
  const verified = verifier.verify(vector.text, vector.at);
  // bind reads the plain object verify returned: the verifier module's does too.
  assert.deepEqual(bind(new qrpass.Verifier(vector.trust).verify(vector.text, vector.at), card), bind(verified, card));
  assert.deepEqual(bind(verified, card), { id: "match", name: "exact", birth_date: "absent", summary: "match" });
  throwsCode(() => bind({}, card), "invalid_argument");
  throwsCode(() => bind({ pass: { kind: "visa" } }, card), "unknown_kind");
  const policy = new Policy({ accept: ["permit"], permit: { area: "allow" }, holder: { require_card: ["permit"] } });
  const allowed = policy.check(verifier, vector.text, { at: vector.at, idCard: text });
  assert.equal(allowed.view.holder.result, "match");
  assert.deepEqual(policy.check(verifier, vector.text, { at: vector.at }).codes, ["id_card_missing"]);
  const other = policy.check(verifier, vector.text, { at: vector.at, idCard: text.replace("079201001234", "079201005555") });
  assert.deepEqual([other.outcome, other.codes], ["deny", ["holder_id_mismatch"]]);
  assert.ok(!JSON.stringify([allowed, other]).includes("MARKER") && !JSON.stringify(other).includes("079201005555"));
  throwsCode(() => policy.check(verifier, vector.text, { at: vector.at, idCard: 42 }), "invalid_argument");
  throwsCode(() => policy.check(verifier, vector.text, { at: vector.at, idCard: "079201001234|x" }), "bad_id_card");
  assert.deepEqual((await qrpass.readIdCard(await pngOf(text))).toJSON(), card.toJSON());
  await rejectsCode(qrpass.readIdCard(await pngOf("HELLO")), "bad_id_card");
  await assert.rejects(qrpass.readIdCard(await pngOf("HELLO")), (e) => e.family === qrpass.errorForCode("bad_id_card").family);
});

test("lazy.js: every loader, none of the verifier module's exports", async () => {
  const lazy = await import("../npm/lazy.js");
  assert.deepEqual(Object.keys(lazy).sort(), ["checkpoint", "createScanner", "dcc", "issuing", "loadCheckpoint", "loadDcc", "loadIssue", "loadQr", "readIdCard", "renderPng", "renderSvg", "scanImage", "scanImageData", "scanLuma"]);
  for (const name of Object.keys(lazy)) assert.equal(qrpass[name], lazy[name], name);
});

test("the checkpoint module holds Checkpoint, Policy, IdCard and bind, loaded once", async () => {
  for (const name of ["Checkpoint", "Policy", "IdCard", "bind"]) assert.equal(name in qrpass, false, name);
  assert.deepEqual(Object.keys(cp).sort(), ["Checkpoint", "IdCard", "Policy", "TrustAnchor", "Verifier", "bind", "classify"]);
  assert.equal(cp.classify(vector.text), qrpass.classify(vector.text));
  assert.notEqual(cp.Verifier, qrpass.Verifier);
  // A wasm-bindgen object does not cross modules: the verifier module's Verifier is refused, not misread.
  assert.throws(() => new Policy({ accept: ["permit"] }).check(new qrpass.Verifier(vector.trust), vector.text, { at: vector.at }), /Verifier/);
  assert.equal((await qrpass.checkpoint()).Checkpoint, Checkpoint);
  assert.equal(await qrpass.loadCheckpoint(), await qrpass.loadCheckpoint());
});

test("checkpoint errors carry codes and change nothing", () => {
  const root = "27cb86ca23feda14ddffcedc33eb9bacf0df326132c1bd2a4d775a62a04cc20d";
  assert.throws(() => new Checkpoint("zz", "QL1A-01", null), (e) => e.code === "bad_key");
  assert.throws(() => new Checkpoint(root, "QL1A-01", "7"), (e) => e.code === "invalid_area");
  const cp = new Checkpoint(root, "QL1A-01", "79.760");
  const before = cp.save();
  assert.throws(() => cp.offer("hello"), (e) => e.code === "unknown_artifact");
  assert.throws(() => cp.offer(42), (e) => e.code === "invalid_argument");
  assert.deepEqual(cp.save(), before);
  assert.throws(() => Checkpoint.restore(before.slice(0, -1)), (e) => e.code === "bad_checkpoint_state");
  assert.throws(() => cp.setRefresh(0, 10), (e) => e.code === "invalid_argument");
  const d = cp.check("VN1:garbage", { at: "2021-09-10T08:00:00+07:00" });
  assert.deepEqual([d.outcome, d.policy], ["deny", { id: "default", sequence: null, signed: false }]);
  assert.equal(cp.tallyCsv(), "hour,kind,outcome,holder,count\n2021-09-10T01:00:00Z,unverified,deny,none,1\n");
  assert.equal(cp.status("2021-09-10T08:00:00+07:00").tally_total, 1);
  cp.resetTally();
  assert.equal(JSON.parse(cp.tallyJson()).total, 0);
  // count: false decides the same without counting (the web checker's first look for a card).
  const uncounted = cp.check("VN1:other", { at: "2021-09-10T08:00:00+07:00", count: false });
  assert.deepEqual([uncounted.outcome, uncounted.codes], [d.outcome, d.codes]);
  assert.equal(JSON.parse(cp.tallyJson()).total, 0);
  const saved = cp.save();
  throwsCode(() => cp.check("VN1:other", { count: "no" }), "invalid_argument");
  assert.deepEqual(cp.save(), saved);
  cp.check("VN1:other", { at: "2021-09-10T08:00:00+07:00", count: true });
  assert.equal(JSON.parse(cp.tallyJson()).total, 1);
});

// Last in this file: after a trap the module instance is not used again.
test("the QR module traps on purpose for restart tests (a real WebAssembly trap)", async () => {
  const qr = await qrpass.loadQr();
  assert.throws(() => qr.forceTrapForTests(), (e) => e instanceof WebAssembly.RuntimeError);
});
