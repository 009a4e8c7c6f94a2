// The issuing module (PrivateKey, Issuer) and renderPng: every spec vector
// that carries an input is re-issued byte for byte, keys round-trip through
// PEM, random keys differ, issued passes verify, and every error path throws a
// QrpassError with its stable code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";

import * as qrpass from "../npm/index.js";

const dir = new URL("../../spec/vectors/", import.meta.url);
const index = JSON.parse(readFileSync(new URL("index.json", dir), "utf8"));
const vectors = index.vectors.map((name) => JSON.parse(readFileSync(new URL(`${name}.json`, dir), "utf8")));
const withInput = vectors.filter((v) => v.input);
const hexBytes = (hex) => Uint8Array.from(hex.match(/../g).map((h) => parseInt(h, 16)));
const throwsCode = (fn, code) =>
  assert.throws(fn, (e) => e.name === "QrpassError" && e.code === code && e.message.length > 0, code);
const { PrivateKey, Issuer } = await qrpass.issuing();

test("every vector with an input is issued byte for byte", () => {
  assert.ok(withInput.length >= 8, `${withInput.length} vectors with an input`);
  assert.equal(readdirSync(dir).length > withInput.length, true);
  for (const v of withInput) {
    const key = PrivateKey.fromSeed(hexBytes(v.input.key_seed));
    const issuer = new Issuer(key, v.input.issuer);
    assert.equal(issuer.issue(v.input.pass, { iat: v.input.iat, cti: v.input.cti }), v.text, v.name);
    // The pass as JSON text gives the same token.
    assert.equal(issuer.issue(JSON.stringify(v.input.pass), { iat: v.input.iat, cti: v.input.cti }), v.text, v.name);
    assert.equal(issuer.kid, v.expected.verified.kid, v.name);
  }
});

test("keys: generate, PEM in and out, kid", () => {
  const a = PrivateKey.generate();
  const b = PrivateKey.generate();
  assert.notEqual(a.publicKeyHex(), b.publicKeyHex());
  assert.match(a.kid, /^[0-9a-f]+$/);
  const pem = a.toPem();
  assert.match(pem, /^-----BEGIN PRIVATE KEY-----/);
  const again = PrivateKey.fromPem(pem);
  assert.equal(again.publicKeyHex(), a.publicKeyHex());
  assert.equal(again.kid, a.kid);
  assert.match(a.publicKeyPem(), /^-----BEGIN PUBLIC KEY-----/);
});

test("an issued pass verifies under a trust list of its key", () => {
  const v = withInput[0];
  const key = PrivateKey.generate();
  const issuer = new Issuer(key, "VN-HN");
  // At the vector's issue time, with a random token id.
  const text = issuer.issue(v.input.pass, { iat: v.input.iat });
  const trust = { keys: [{ ...v.trust.keys[0], issuer: "VN-HN", public_key: key.publicKeyHex(), kid: key.kid }] };
  const verified = new qrpass.Verifier(trust).verify(text, v.at);
  assert.equal(verified.issuer, "VN-HN");
  assert.equal(verified.kid, key.kid);
  assert.deepEqual(verified.pass, new qrpass.Verifier(v.trust).verify(v.text, v.at).pass);
  assert.notEqual(issuer.issue(v.input.pass, { iat: v.input.iat }), text);
  // Without options: issued now (the JS clock); two issues differ (random cti).
  const now = issuer.issue(v.input.pass);
  assert.notEqual(issuer.issue(v.input.pass), now);
  assert.ok(Date.parse(qrpass.inspect(now).iat) > Date.now() - 600_000);
});

test("issuing error paths throw their stable codes", () => {
  const v = withInput[0];
  const key = PrivateKey.fromSeed(hexBytes(v.input.key_seed));
  throwsCode(() => PrivateKey.fromSeed(new Uint8Array(31)), "bad_key");
  throwsCode(() => PrivateKey.fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), "bad_key");
  throwsCode(() => PrivateKey.fromPem("not a key"), "bad_key");
  throwsCode(() => new Issuer(key, "not an issuer id!"), "invalid_issuer");
  const issuer = new Issuer(key, "VN-SG");
  throwsCode(() => issuer.issue("{", {}), "bad_json");
  throwsCode(() => issuer.issue(42), "invalid_argument");
  throwsCode(() => issuer.issue(v.input.pass, "tomorrow"), "invalid_argument");
  throwsCode(() => issuer.issue(v.input.pass, { iat: "yesterday", cti: v.input.cti }), "invalid_date");
  throwsCode(() => issuer.issue(v.input.pass, { iat: v.input.iat, cti: "zz" }), "invalid_argument");
  throwsCode(() => issuer.issue(v.input.pass, { iat: v.input.iat, cti: 7 }), "invalid_argument");
  throwsCode(() => issuer.issue({ ...v.input.pass, kind: "visa" }, { iat: v.input.iat, cti: v.input.cti }), "bad_json");
  // The core's rules on issue: an empty name.
  const person = v.input.pass.holder ?? v.input.pass.declarant ?? v.input.pass.person ?? v.input.pass.beneficiary;
  const field = Object.keys(v.input.pass).find((k) => v.input.pass[k] === person);
  throwsCode(() => issuer.issue({ ...v.input.pass, [field]: { ...person, name: " " } }, { iat: v.input.iat, cti: v.input.cti }), "missing_field");
});

test("renderPng: a PNG that scans back to the text; bad ecc refused", async () => {
  const text = withInput[0].text;
  const png = await qrpass.renderPng(text, "Q", 4, 4);
  assert.deepEqual([...png.slice(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  assert.deepEqual(await qrpass.scanImage(png), [text]);
  await assert.rejects(qrpass.renderPng(text, "X"), (e) => e.name === "QrpassError" && e.code === "invalid_argument");
  await assert.rejects(qrpass.renderPng(text, "M", -1), (e) => e.name === "QrpassError" && e.code === "invalid_argument");
});
