// EU DCCs (HC1:) through the lazily loaded DCC module (dist/dcc), in node:
// dgc-testdata files from testdata/dgc (valid, bad signature, DSC not valid at
// signing, wrong key usage, bad zlib), a decompression bomb, every error path
// of the module, verifyAny on both formats, the DCC policy and passport
// binding, and marker strings: the view holds name, date of birth and the
// statement summary, nothing more.
//   node --test bindings-wasm/tests/dcc.test.js   (after bash scripts/build-wasm.sh)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import base45 from "base45";

import * as qrpass from "../npm/index.js";

const { DscList, DccVerifier, AnyVerifier, verifyAny, DccPolicy } = await qrpass.dcc();
const suite = (name) => JSON.parse(readFileSync(new URL(`../../testdata/dgc/${name}.json`, import.meta.url), "utf8"));

/** A suite file: its text, its DSC as a one-certificate list, its clock. */
function dgc(name) {
  const f = suite(name);
  return { file: f, text: f.PREFIX, list: DscList.fromBytes(f.TESTCTX.CERTIFICATE), at: f.TESTCTX.VALIDATIONCLOCK };
}

const code = (fn) => {
  try {
    fn();
  } catch (e) {
    assert.equal(e.name, "QrpassError", e.stack);
    assert.equal(typeof e.family, "string");
    return e.code;
  }
  assert.fail("did not throw");
};

const hc1 = (bytes) => `HC1:${base45.encode(Buffer.from(bytes))}`;

test("dcc() loads once and gives the module's classes; the verifier module knows HC1: only by classify", async () => {
  assert.equal(await qrpass.loadDcc(), await qrpass.loadDcc());
  assert.deepEqual(Object.keys(await qrpass.dcc()).sort(), ["AnyVerifier", "Checkpoint", "DccPolicy", "DccVerifier", "DscList", "classify", "verifyAny"]);
  // The DCC module's classify is the verifier module's (a DCC page loads no other module).
  const { classify } = await qrpass.dcc();
  for (const text of ["HC1:6BF", "VN1:ABC", "VN1T:AB", "079201001234|023456789|A|14052001|Nam|x|01062021", "hello"]) assert.equal(classify(text), qrpass.classify(text), text);
  assert.equal(qrpass.classify(dgc("AT/2DCode/raw/1").text), "eu_dcc");
  assert.equal(qrpass.DccVerifier, undefined, "the verifier module has no DCC verifier");
});

test("valid suite certificates verify (ES256 and PS256), with typed fields", () => {
  const { text, list, at } = dgc("AT/2DCode/raw/1");
  assert.equal(list.length, 1);
  const v = new DccVerifier(list).verify(text, at);
  assert.deepEqual([v.issuer, v.kid, v.certificate.statement.type, v.certificate.nam.fnt, v.certificate.dob],
    ["AT", "d919375fc1e7b6b2", "vaccination", "MUSTERFRAU<GOESSINGER", "1998-02-26"]);
  assert.equal(v.iat, "2021-05-07T01:00:00+07:00");
  // An RSA (PS256) DSC, a test statement, and the suite's clock without an offset.
  const is = dgc("IS/2DCode/raw/3");
  assert.equal(new DccVerifier(is.list).verify(is.text, is.at).certificate.statement.type, "test");
  const co1 = dgc("common/2DCode/raw/CO1");
  assert.equal(new DccVerifier(co1.list).verify(co1.text, co1.at).certificate.statement.type, "vaccination");
});

test("suite failures get the core's codes: signature, DSC validity, key usage, zlib, time, schema, prefix", () => {
  for (const [name, expected] of [
    ["common/2DCode/raw/CO5", "bad_signature"],
    ["BG/2DCode/raw/4", "dsc_expired"], // signed before its DSC's validity (testdata/dgc/DISAGREEMENTS.tsv)
    ["common/2DCode/raw/CO6", "dsc_key_usage"],
    ["common/2DCode/raw/CO9", "dsc_key_usage"],
    ["common/2DCode/raw/Z1", "bad_zlib"],
    ["common/2DCode/raw/Z2", "bad_zlib"],
    ["common/2DCode/raw/CO16", "issued_in_future"],
    ["common/2DCode/raw/CO17", "expired"],
    ["common/2DCode/raw/DGC1", "bad_dcc"],
    ["common/2DCode/raw/H2", "bad_prefix"],
    ["common/2DCode/raw/B1", "bad_base45"],
  ]) {
    const { text, list, at } = dgc(name);
    assert.equal(code(() => new DccVerifier(list).verify(text, at)), expected, name);
  }
});

test("a decompression bomb is refused with its own code; hostile CBOR with its", () => {
  const v = new DccVerifier(DscList.fromBytes(suite("AT/2DCode/raw/1").TESTCTX.CERTIFICATE));
  const bomb = hc1(deflateSync(Buffer.alloc(1 << 20), { level: 9 }));
  assert.ok(bomb.length < 4296, `${bomb.length} characters`);
  assert.equal(code(() => v.verify(bomb, 1_620_000_000)), "decompressed_too_large");
  assert.equal(code(() => v.verify(hc1(deflateSync(Buffer.from([0x84, 0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))), 0)), "bad_cbor");
  assert.equal(code(() => v.verify(hc1(deflateSync(Buffer.from([...Array(200).fill(0x81), 0]))), 0)), "nesting_too_deep");
  assert.equal(code(() => v.verify("HC1:NCF", 0)), "bad_zlib");
  assert.equal(code(() => v.verify("", 0)), "empty_input");
  assert.equal(code(() => v.verify(`HC1:${"0".repeat(5000)}`, 0)), "input_too_large");
});

test("trust and argument errors have their codes, and a refused file changes nothing", () => {
  const f = suite("AT/2DCode/raw/1");
  const b64 = f.TESTCTX.CERTIFICATE;
  const der = Uint8Array.from(Buffer.from(b64, "base64"));
  assert.equal(DscList.fromBytes(der).length, 1);
  assert.equal(DscList.fromBytes(`-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`).length, 1);
  assert.equal(DscList.fromBytes(JSON.stringify([{ kid: "2Rk3X8HntrI=", certificate: b64 }])).length, 1);
  assert.equal(code(() => DscList.fromBytes(JSON.stringify([{ kid: "AAAAAAAAAAA=", certificate: b64 }]))), "bad_trust_list");
  assert.equal(code(() => DscList.fromBytes("not a certificate")), "bad_trust_list");
  assert.equal(code(() => DscList.fromBytes(42)), "invalid_argument");
  const list = DscList.fromBytes(der);
  assert.equal(code(() => list.extend('[{"certificate": "!!"}]')), "bad_trust_list");
  assert.equal(list.length, 1, "a refused file adds nothing");
  list.extend(suite("DE/2DCode/raw/1").TESTCTX.CERTIFICATE);
  assert.equal(list.length, 2);
  const v = new DccVerifier(list, { clockSkew: 0 });
  assert.equal(v.verify(f.PREFIX, f.TESTCTX.VALIDATIONCLOCK).issuer, "AT");
  const de = suite("DE/2DCode/raw/1");
  assert.equal(v.verify(de.PREFIX, de.TESTCTX.VALIDATIONCLOCK).issuer, "DE");
  assert.equal(code(() => new DccVerifier(DscList.fromBytes(de.TESTCTX.CERTIFICATE)).verify(f.PREFIX, f.TESTCTX.VALIDATIONCLOCK)), "unknown_dcc_kid");
  assert.equal(code(() => v.verify(f.PREFIX, "yesterday")), "invalid_date");
  assert.equal(code(() => v.verify(f.PREFIX, Number.NaN)), "invalid_argument");
  // exp is 2021-11-02T18:00:00Z: the default skew (300 s) keeps it valid 5 minutes longer, clockSkew 0 does not.
  assert.equal(new DccVerifier(list).verify(f.PREFIX, "2021-11-02T18:04:00Z").issuer, "AT");
  assert.equal(code(() => v.verify(f.PREFIX, "2021-11-02T18:04:00Z")), "expired");
});

test("verifyMany and verifyAny give the verifier's outcome shape for both formats", () => {
  const { text, list, at } = dgc("AT/2DCode/raw/1");
  const dcc = new DccVerifier(list);
  const [ok, bad] = dcc.verifyMany([text, "HC1:NCF"], at);
  assert.deepEqual([ok.outcome, ok.code, ok.verified.format, ok.verified.issuer], ["valid", null, "hc1", "AT"]);
  assert.deepEqual([bad.outcome, bad.code, typeof bad.message, bad.verified], ["invalid", "bad_zlib", "string", undefined]);
  const vector = JSON.parse(readFileSync(new URL("../../spec/vectors/declaration_typical.json", import.meta.url), "utf8"));
  const pass = verifyAny(vector.text, vector.trust, dcc, vector.at);
  assert.deepEqual([pass.outcome, pass.code, pass.verified.format], ["valid", null, "vn1"]);
  // What the verifier module verified, field for field (plus the format tag).
  const { format, ...verified } = pass.verified;
  assert.deepEqual(verified, new qrpass.Verifier(vector.trust).verify(vector.text, vector.at));
  const any = new AnyVerifier(vector.trust, dcc);
  assert.equal(any.verify(text, at).verified.format, "hc1");
  assert.equal(any.verify(vector.text, vector.at).verified.format, "vn1");
  assert.deepEqual([any.verify("VN1:", at).code, any.verify("hello", at).code, any.verify("  ", at).code], ["bad_cbor", "bad_prefix", "empty_input"]);
  // Without qrpass keys a pass is an unknown key, a DCC still verifies.
  assert.equal(verifyAny(vector.text, null, dcc, vector.at).code, "unknown_key");
  assert.equal(verifyAny(text, null, dcc, at).outcome, "valid");
  assert.equal(code(() => new AnyVerifier("{not json", dcc)), "bad_trust_list");
});

test("the DCC policy decides with the core's rules; a passport binds by name and date of birth", () => {
  const { text, list, at } = dgc("AT/2DCode/raw/1"); // vaccination 1/2 on 2021-02-18, signed 2021-05-06
  const dcc = new DccVerifier(list);
  const lenient = new DccPolicy({ default: { vaccination: {} } });
  const allowed = lenient.check(dcc, text, { at });
  assert.deepEqual([allowed.outcome, allowed.codes, allowed.view.decision], ["allow", [], "allow"]);
  assert.equal(allowed.view.statement, "vaccination 1/2 on 2021-02-18 (AT)");
  assert.equal(allowed.view.statement_vi, "tiêm mũi 1/2 ngày 2021-02-18 (AT)");
  const strict = new DccPolicy(JSON.stringify({ default: { vaccination: { full_course: true, max_days: 30 } }, countries: { DE: { recovery: true } } }));
  assert.deepEqual(strict.check(dcc, text, { at }).codes, ["not_full_course", "dose_too_old"]);
  assert.deepEqual(new DccPolicy({ default: { recovery: true } }).check(dcc, text, { at }).codes, ["statement_not_accepted"]);
  // Passport (MRZ names): the DCC's fnt/gnt and dob.
  const passport = { surname: "MUSTERFRAU<GOESSINGER", given: "GABRIELE", dob: "1998-02-26" };
  assert.deepEqual(lenient.check(dcc, text, { at, passport }).codes, []);
  assert.deepEqual(lenient.check(dcc, text, { at, passport: { ...passport, dob: "1998-02-27" } }).codes, ["holder_mismatch"]);
  const other = lenient.check(dcc, text, { at, passport: { ...passport, given: "GABI" } });
  assert.deepEqual([other.outcome, other.codes], ["deny", ["holder_mismatch"]]);
  // Refused: the verification's code, nothing of the certificate.
  const refused = lenient.check(dcc, text, { at: "2022-06-01T00:00:00Z" });
  assert.deepEqual([refused.outcome, refused.codes, refused.view], ["deny", ["expired"], { decision: "deny", reasons: ["expired"] }]);
  assert.equal(code(() => new DccPolicy('{"defualt": {}}')), "bad_policy");
  assert.equal(code(() => new DccPolicy({ default: { vaccination: { min_days: -1 } } })), "bad_policy");
  assert.equal(code(() => lenient.check(dcc, text, { at, passport: { surname: "X" } })), "invalid_argument");
  assert.equal(code(() => lenient.check(dcc, text, { at, passport: { ...passport, dob: "26.02.1998" } })), "invalid_date");
  assert.equal(code(() => lenient.check(dcc, text, { at: {} })), "invalid_argument");
});

test("marker strings: the view holds name, date of birth and the statement summary, nothing more", () => {
  const policy = new DccPolicy({ default: { vaccination: {}, test: { naa_hours: 72, rat_hours: 24 }, recovery: true } });
  for (const name of ["AT/2DCode/raw/1", "IS/2DCode/raw/3", "DE/2DCode/raw/1"]) {
    const { text, list, at } = dgc(name);
    const dcc = new DccVerifier(list);
    const full = dcc.verify(text, at);
    const checked = policy.check(dcc, text, { at });
    assert.deepEqual(Object.keys(checked.view).sort(), ["decision", "dob", "name", "reasons", "statement", "statement_vi"], name);
    const s = full.certificate.statement;
    // Everything of the certificate that is not name, dob or summary: the
    // certificate id, its issuer, product, manufacturer, test device, the
    // DSC's kid and the CWT times.
    const markers = [s.ci, s.is, s.mp, s.ma, s.ma ?? s.tt, s.nm, s.tc, full.kid, full.exp, full.iat, full.certificate.ver].filter((m) => typeof m === "string" && m.length > 3);
    assert.ok(markers.length >= 5, `${name}: ${markers}`);
    const shown = JSON.stringify(checked);
    for (const marker of markers) assert.ok(!shown.includes(marker), `${name}: ${marker} is in ${shown}`);
    assert.ok(shown.includes(full.certificate.nam.fn ?? full.certificate.nam.fnt), name);
  }
});
