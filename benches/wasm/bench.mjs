// Side-by-side benchmark in node (issue 7), after `bash scripts/build-wasm.sh`:
//   node benches/wasm/bench.mjs
// 1. verify: qrpass (WebAssembly) against a JS pipeline of base45 + cborg +
//    @noble/ed25519 (with node's SHA-512) over the same valid tokens of spec/vectors;
// 2. scan: qrpass's scanner against jsQR on the 60 real photos of the QR corpus
//    (same RGBA pixels, decoded once with pngjs): decoded count and time.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { performance } from "node:perf_hooks";

const repo = new URL("../../", import.meta.url);
// The JS packages are the dev dependencies of bindings-wasm/tests.
const { ed, cborg, base45, jsQR, PNG } = await import(new URL("bindings-wasm/tests/bench-deps.js", repo).href);
// COSE_Sign1 is tag 18; integer map keys need Maps.
const tags = [];
tags[18] = (decode) => decode(); // COSE_Sign1 (cborg 6: a tag decoder pulls its content)
tags[100] = (decode) => decode(); // RFC 8943 days since 1970 (dates in passes)
const cborDecode = (bytes) => cborg.decode(bytes, { tags, useMaps: true });
const cborEncode = (value) => cborg.encode(value);
const qrpass = await import(new URL("bindings-wasm/npm/index.js", repo).href);

ed.hashes.sha512 = (m) => new Uint8Array(createHash("sha512").update(m).digest());

// ---- tokens: every valid token vector, with its trust store and time
const vectorsDir = new URL("spec/vectors/", repo);
const index = JSON.parse(readFileSync(new URL("index.json", vectorsDir), "utf8"));
const cases = index.vectors
  .map((n) => JSON.parse(readFileSync(new URL(`${n}.json`, vectorsDir), "utf8")))
  .filter((v) => v.expected.outcome === "valid" && v.revoked_ctis.length === 0);

function jsVerify(text, keys, now, skew) {
  if (!text.startsWith("VN1:")) throw new Error("bad prefix");
  const [protectedBytes, , payload, signature] = cborDecode(base45.decode(text.slice(4)));
  const header = cborDecode(protectedBytes);
  const kid = Buffer.from(header.get(4)).toString("hex");
  const key = keys.get(kid);
  if (!key) throw new Error("unknown key");
  const toBeSigned = cborEncode(["Signature1", protectedBytes, new Uint8Array(0), payload]);
  if (!ed.verify(signature, toBeSigned, key)) throw new Error("bad signature");
  const claims = cborDecode(payload);
  const get = (k) => claims.get(k);
  if (get(4) <= now - skew) throw new Error("expired");
  return get(-65537);
}

const prepared = cases.map((v) => ({
  text: v.text,
  at: Math.floor(Date.parse(v.at) / 1000),
  verifier: new qrpass.Verifier(v.trust, { clockSkew: v.clock_skew_seconds }),
  skew: v.clock_skew_seconds,
  keys: new Map(v.trust.keys.map((k) => [k.kid, Uint8Array.from(Buffer.from(k.public_key, "hex"))])),
}));
for (const p of prepared) {
  jsVerify(p.text, p.keys, p.at, p.skew); // both accept every token
  p.verifier.verify(p.text, p.at);
}

function time(label, rounds, fn) {
  for (let i = 0; i < 20; i++) fn(); // warm up
  const start = performance.now();
  for (let i = 0; i < rounds; i++) fn();
  const us = ((performance.now() - start) * 1000) / (rounds * prepared.length);
  console.log(`${label.padEnd(44)} ${us.toFixed(1).padStart(8)} µs/token`);
  return us;
}

console.log(`verify: ${prepared.length} valid tokens from spec/vectors (${prepared.map((p) => p.text.length).join(", ")} characters)`);
const js = time("JS: base45 + cborg + @noble/ed25519", 300, () => {
  for (const p of prepared) jsVerify(p.text, p.keys, p.at, p.skew);
});
const ours = time("qrpass (WebAssembly) Verifier.verify", 300, () => {
  for (const p of prepared) p.verifier.verify(p.text, p.at);
});
console.log(`qrpass is ${(js / ours).toFixed(1)}× the JS pipeline (target ≥ 3×)`);

// ---- scanner: the QR corpus
const corpus = new URL("testdata/qr-corpus/zxing/", repo);
const photos = [];
for (const group of readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory())) {
  for (const f of readdirSync(new URL(`${group.name}/`, corpus)).filter((f) => f.endsWith(".png"))) {
    const png = PNG.sync.read(readFileSync(new URL(`${group.name}/${f}`, corpus)));
    const expected = readFileSync(new URL(`${group.name}/${f.replace(".png", ".txt")}`, corpus), "utf8");
    photos.push({ name: `${group.name}/${f}`, png, expected });
  }
}
await qrpass.loadQr();
let oursOk = 0, jsOk = 0, oursMs = 0, jsMs = 0;
for (const { png, expected } of photos) {
  const image = { data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), width: png.width, height: png.height };
  let t = performance.now();
  let texts = [];
  try {
    texts = await qrpass.scanImageData(image);
  } catch (e) {
    if (e.code !== "no_qr_found") throw e;
  }
  oursMs += performance.now() - t;
  if (texts.includes(expected)) oursOk++;
  t = performance.now();
  const found = jsQR(image.data, png.width, png.height);
  jsMs += performance.now() - t;
  if (found && found.data === expected) jsOk++;
}
console.log(`scan: ${photos.length} corpus photos`);
console.log(`  qrpass (WebAssembly)  ${String(oursOk).padStart(2)}/${photos.length} decoded, ${(oursMs / photos.length).toFixed(1)} ms/photo`);
console.log(`  jsQR 1.4              ${String(jsOk).padStart(2)}/${photos.length} decoded, ${(jsMs / photos.length).toFixed(1)} ms/photo`);
