// Scanner benchmark in node, side by side in one run (issue 18):
//   (cd benches/wasm && npm ci) && bash scripts/build-wasm.sh
//   node benches/wasm/scanner.mjs [QR_MODULE_DIR]
// QR_MODULE_DIR defaults to bindings-wasm/npm/dist/qr; benches/wasm/qr-variants.sh
// builds others (opt-level z/s/3, simd128) under target/wasm-variants/.
// Decoders: qrpass (WebAssembly; one-shot scanImageData and a Scanner),
// zxing-wasm (zxing-cpp, its .wasm read from node_modules, tryHarder),
// @zxing/library (HybridBinarizer, TRY_HARDER) and jsQR, on the same RGBA pixels:
// 1. the 60 corpus photos; 2. 640×360 and 1280×720 frames of shuffled 16-px
// corpus tiles without a code, and with qrcode-3/01.png pasted in the middle
// (qrpass_testkit::frames); 3. synthetic angle classes. Frames and classes are
// exported as PNG first with
//   cargo test --release -p qrpass --test qr_scanner export_samples -- --ignored
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { PNG } from "pngjs";
import jsQR from "jsqr";
import zxing from "@zxing/library";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";

const repo = new URL("../../", import.meta.url);
const qrDir = process.argv[2] ? new URL(`file://${process.argv[2].startsWith("/") ? "" : process.cwd() + "/"}${process.argv[2]}/`) : new URL("bindings-wasm/npm/dist/qr/", repo);
globalThis.ImageData ??= class ImageData {
  constructor(data, width, height) { Object.assign(this, { data, width, height, colorSpace: "srgb" }); }
};

const qr = await import(new URL("qrpass_wasm_qr.js", qrDir).href);
await qr.default({ module_or_path: readFileSync(new URL("qrpass_wasm_qr_bg.wasm", qrDir)) });
prepareZXingModule({
  overrides: { wasmBinary: readFileSync(new URL("node_modules/zxing-wasm/dist/reader/zxing_reader.wasm", import.meta.url)).buffer },
  fireImmediately: true,
});

const norm = (t) => t.split(/\s+/).filter(Boolean).join(" ");
const luma = (rgba) => {
  const out = new Uint8ClampedArray(rgba.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = (77 * rgba[4 * i] + 150 * rgba[4 * i + 1] + 29 * rgba[4 * i + 2] + 128) >> 8;
  return out;
};
const zx = zxing;
const zxHints = new Map([[zx.DecodeHintType.TRY_HARDER, true], [zx.DecodeHintType.POSSIBLE_FORMATS, [zx.BarcodeFormat.QR_CODE]]]);
const zxReader = new zx.QRCodeReader();

// Each decoder: (image {data: RGBA Uint8ClampedArray, width, height}) → texts.
const decoders = {
  "qrpass one-shot": (img) => { try { return qr.scanImageData(img); } catch (e) { if (e.code === "no_qr_found") return []; throw e; } },
  "qrpass Scanner": (img) => new qr.QrScanner().scanRgba(new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height).map((c) => c.text),
  "zxing-wasm tryHarder": async (img) => (await readBarcodes(new ImageData(img.data, img.width, img.height), { formats: ["QRCode"], tryHarder: true })).map((r) => r.text),
  "@zxing/library": (img) => {
    const source = new zx.RGBLuminanceSource(luma(img.data), img.width, img.height);
    try { return [zxReader.decode(new zx.BinaryBitmap(new zx.HybridBinarizer(source)), zxHints).getText()]; } catch { return []; }
  },
  jsQR: (img) => { const r = jsQR(img.data, img.width, img.height); return r ? [r.data] : []; },
};

// DECODERS=name,name (substrings) times only those; SKIP_SYNTH=1 skips the
// angle classes (quick comparisons of module builds).
if (process.env.DECODERS) {
  const keep = process.env.DECODERS.split(",");
  for (const name of Object.keys(decoders)) if (!keep.some((k) => name.includes(k))) delete decoders[name];
}

async function timeOne(fn, img) {
  const t = performance.now();
  const texts = await fn(img);
  return [performance.now() - t, texts];
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const mean = (a) => a.reduce((s, x) => s + x, 0) / a.length;
const row = (label, cells) => console.log(`${label.padEnd(24)} ${cells.join("  ")}`);

// ---- corpus
const corpusDir = new URL("testdata/qr-corpus/zxing/", repo);
const manifest = JSON.parse(readFileSync(new URL("manifest.json", corpusDir), "utf8"));
const photos = manifest.map((e) => {
  const png = PNG.sync.read(readFileSync(new URL(e.image, corpusDir)));
  return { name: e.image, width: png.width, height: png.height, data: new Uint8ClampedArray(png.data), expected: norm(readFileSync(new URL(e.expected_txt, corpusDir), "utf8")) };
});
console.log(`qrpass QR module: ${qrDir.pathname}`);
// Each photo's time is the median of ROUNDS passes over the whole corpus (after
// one warm-up pass), so one garbage-collection pause or timer tick does not
// stand for a photo; "first" is the mean of the first timed pass alone.
const ROUNDS = Number(process.env.CORPUS_ROUNDS ?? 5);
console.log(`corpus: ${photos.length} photos, each photo's time the median of ${ROUNDS} passes after one warm-up pass`);
for (const [name, fn] of Object.entries(decoders)) {
  for (const p of photos) await fn(p); // warm up (JIT, module instantiation)
  const runs = photos.map(() => []);
  let ok = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, p] of photos.entries()) {
      const [ms, texts] = await timeOne(fn, p);
      runs[i].push(ms);
      if (round === 0 && texts.some((t) => norm(t) === p.expected)) ok++;
    }
  }
  const times = runs.map(median);
  const first = runs.map((r) => r[0]);
  row(name, [`${ok}/${photos.length}`, `mean ${mean(times).toFixed(2)} ms`, `median ${median(times).toFixed(2)} ms`, `max ${Math.max(...times).toFixed(1)} ms`, `(first pass mean ${mean(first).toFixed(2)} ms)`]);
}

// ---- frames from shuffled corpus tiles, built by qrpass_testkit::frames and
// exported as PNG by the Rust test (the same frames criterion times natively)
const framesDir = new URL("target/synth-frames/", repo);
if (!existsSync(framesDir)) {
  console.error("no target/synth-frames/: run cargo test --release -p qrpass --test qr_scanner export_samples -- --ignored");
  process.exit(1);
}
const readFrame = (name) => {
  const png = PNG.sync.read(readFileSync(new URL(name, framesDir)));
  return { data: new Uint8ClampedArray(png.data), width: png.width, height: png.height };
};
const pasted = photos.find((p) => p.name === "qrcode-3/01.png");
for (const [w, h] of [[640, 360], [1280, 720]]) {
  const empty = Array.from({ length: 10 }, (_, i) => readFrame(`${w}x${h}-empty-${i + 1}.png`));
  const coded = Array.from({ length: 10 }, (_, i) => readFrame(`${w}x${h}-code-${i + 1}.png`));
  console.log(`\n${w}×${h} frames, 10 without a code / 10 with qrcode-3/01.png pasted, 3 rounds each: median ms`);
  for (const [name, fn] of Object.entries(decoders)) {
    await fn(empty[0]);
    const none = [], some = [];
    let found = 0, falsePositives = 0;
    for (let round = 0; round < 3; round++) {
      for (const f of empty) { const [ms, t] = await timeOne(fn, f); none.push(ms); if (round === 0 && t.length) falsePositives++; }
      for (const f of coded) { const [ms, t] = await timeOne(fn, f); some.push(ms); if (round === 0 && t.some((x) => norm(x) === pasted.expected)) found++; }
    }
    row(name, [`no code ${median(none).toFixed(2)} ms (max ${Math.max(...none).toFixed(1)}, ${falsePositives} false)`, `with code ${median(some).toFixed(2)} ms (${found}/10 found)`]);
  }
}

// ---- a camera loop: one Scanner over the same 1280×720 frames in turn
{
  const frames = Array.from({ length: 10 }, (_, i) => readFrame(`1280x720-code-${i + 1}.png`));
  const s = new qr.QrScanner();
  const times = [];
  for (let round = 0; round < 3; round++) for (const f of frames) { const t = performance.now(); s.scanRgba(new Uint8Array(f.data.buffer), 1280, 720); times.push(performance.now() - t); }
  console.log(`\none qrpass Scanner over 30 consecutive 1280×720 frames with the code: median ${median(times).toFixed(2)} ms; stats ${JSON.stringify(s.stats())}`);
}

// ---- synthetic angle classes (PNG files exported by the Rust test)
const synthDir = new URL("target/synth-samples/", repo);
if (existsSync(synthDir) && !process.env.SKIP_SYNTH) {
  console.log("\nsynthetic classes (core/tests/qr_synth): found / mean ms");
  const classes = [...new Set(readdirSync(synthDir).filter((f) => f.endsWith(".png")).map((f) => f.split("-")[0]))].sort();
  for (const cls of classes) {
    const files = readdirSync(synthDir).filter((f) => f.startsWith(`${cls}-`) && f.endsWith(".png"));
    const samples = files.map((f) => {
      const png = PNG.sync.read(readFileSync(new URL(f, synthDir)));
      return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data), expected: readFileSync(new URL(f.replace(".png", ".txt"), synthDir), "utf8") };
    });
    const cells = [];
    for (const [name, fn] of Object.entries(decoders)) {
      const times = [];
      let ok = 0;
      for (const s of samples) { const [ms, t] = await timeOne(fn, s); times.push(ms); if (t[0] === s.expected) ok++; }
      cells.push(`${name} ${ok}/${samples.length} ${mean(times).toFixed(1)}`);
    }
    row(cls, cells);
  }
}
