// createScanner(): the camera-loop scanner of the QR module, fed luma and RGBA
// frames as ArrayBuffers (as a Web Worker receives them) and typed arrays.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import * as qrpass from "../npm/index.js";

const vector = JSON.parse(readFileSync(new URL("../../spec/vectors/permit_typical.json", import.meta.url), "utf8"));

// A frame of `width × height` mid grey with the code of `text` at (x0, y0), 4 px per module.
async function frame(text, width, height, x0, y0) {
  const svg = await qrpass.renderSvg(text);
  const luma = new Uint8Array(width * height).fill(128);
  const n = Number(svg.match(/viewBox="0 0 (\d+) \d+"/)[1]);
  for (let y = 0; y < n * 4; y++) luma.fill(255, (y0 + y) * width + x0, (y0 + y) * width + x0 + n * 4);
  for (const [, x, y, w] of svg.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
    for (let dy = 0; dy < 4; dy++) {
      const row = (y0 + Number(y) * 4 + dy) * width + x0;
      luma.fill(0, row + Number(x) * 4, row + (Number(x) + Number(w)) * 4);
    }
  }
  return { luma, side: n * 4 };
}

test("createScanner: corners, the last code's box, ArrayBuffers, blank frames skipped", async () => {
  const scanner = await qrpass.createScanner();
  const { luma, side } = await frame(vector.text, 1280, 720, 60, 40);
  const codes = scanner.scanLuma(luma.buffer, 1280, 720);
  assert.deepEqual(codes.map((c) => c.text), [vector.text]);
  // The quiet zone is 4 modules (16 px): the symbol spans [76, 60 + side − 16].
  const [tl, tr, br, bl] = codes[0].corners;
  const near = (p, x, y) => Math.abs(p.x - x) <= 3 && Math.abs(p.y - y) <= 3;
  assert.ok(near(tl, 76, 56) && near(tr, 44 + side, 56) && near(br, 44 + side, 24 + side) && near(bl, 76, 24 + side), JSON.stringify(codes[0].corners));
  // The same frame again is read from the last code's box.
  assert.deepEqual(scanner.scanLuma(luma, 1280, 720), codes);
  // RGBA pixels, as ImageData or a bare ArrayBuffer.
  const rgba = new Uint8ClampedArray(1280 * 720 * 4);
  luma.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
  assert.deepEqual(scanner.scanImageData({ data: rgba.buffer, width: 1280, height: 720 }).map((c) => c.text), [vector.text]);
  assert.deepEqual(scanner.scanLuma(new Uint8Array(640 * 360).fill(128).buffer, 640, 360), []);
  assert.deepEqual(scanner.stats(), { frames: 4, skipped: 1, fromRegion: 2, decoded: 3 });
  scanner.reset();
  assert.equal(scanner.stats().frames, 0);
  scanner.free();
});

test("createScanner: options and errors with codes", async () => {
  const plain = await qrpass.createScanner({ prepass: false, regionOfInterest: false });
  assert.deepEqual(plain.scanLuma(new Uint8Array(640 * 360).fill(128), 640, 360), []);
  assert.equal(plain.stats().skipped, 0);
  const isCode = (code) => (e) => e.name === "QrpassError" && e.code === code && e.family === qrpass.errorForCode(code).family;
  assert.throws(() => plain.scanLuma("not a buffer", 10, 10), isCode("invalid_argument"));
  assert.throws(() => plain.scanLuma(new Uint8Array(100), 10, 10, 9), isCode("invalid_argument"));
  assert.throws(() => plain.scanLuma(new Uint8Array(10), 10, 10), isCode("bad_image"));
  assert.throws(() => plain.scanLuma(new Uint8Array(0), 100000, 100000), isCode("image_too_large"));
  assert.throws(() => plain.scanImageData(null), isCode("invalid_argument"));
  assert.throws(() => plain.scanImageData({ data: new Uint8ClampedArray(15), width: 2, height: 2 }), isCode("bad_image"));
  assert.equal(plain.stats().frames, 1);
});
