// qrpass for JavaScript: an ES module over two WebAssembly modules.
//
// The verifier (dist/verify) loads with this module. The QR scanner and
// renderer (dist/qr) load on the first call that needs them (scanImageData,
// scanLuma, scanImage, renderSvg) or on loadQr(): a page that verifies pasted
// text never downloads the scanner. The issuing module (dist/issue:
// PrivateKey, Issuer, renderPng) loads on issuing(), renderPng() or loadIssue(), so a checker never
// downloads it either. The checkpoint module (dist/checkpoint: Checkpoint, its
// saved state, signed policies and tally) loads on checkpoint() or
// loadCheckpoint(), so a page that only verifies pasted text loads the
// verifier alone. The EU DCC module (dist/dcc: DscList, DccVerifier,
// AnyVerifier, verifyAny, DccPolicy, and a Checkpoint that also holds a DSC
// list) loads on dcc() or loadDcc(), by a page that takes HC1: codes. Works in
// browsers (fetch) and node (fs).
import initVerify, * as verify from "./dist/verify/qrpass_wasm.js";

const inNode = typeof process !== "undefined" && !!process.versions?.node;

async function instantiate(init, url) {
  if (inNode) {
    const { readFile } = await import("node:fs/promises");
    await init({ module_or_path: await readFile(url) });
  } else {
    await init({ module_or_path: url });
  }
}

await instantiate(initVerify, new URL("./dist/verify/qrpass_wasm_bg.wasm", import.meta.url));

export const { Verifier, TrustAnchor, Policy, IdCard, inspect, classify, bind, errorCodes, errorForCode } = verify;

let qr;

/** Loads the QR module (scanner and renderer) once; resolves to its exports. */
export function loadQr() {
  qr ??= import("./dist/qr/qrpass_wasm_qr.js").then(async (m) => {
    await instantiate(m.default, new URL("./dist/qr/qrpass_wasm_qr_bg.wasm", import.meta.url));
    return m;
  });
  return qr;
}

let checkpointModule;

/** Loads the checkpoint module (Checkpoint) once; resolves to its exports. */
export function loadCheckpoint() {
  checkpointModule ??= import("./dist/checkpoint/qrpass_wasm_checkpoint.js").then(async (m) => {
    await instantiate(m.default, new URL("./dist/checkpoint/qrpass_wasm_checkpoint_bg.wasm", import.meta.url));
    return m;
  });
  return checkpointModule;
}

/** The Checkpoint class, once the checkpoint module is loaded:
 *  `const { Checkpoint } = await checkpoint();` */
export async function checkpoint() {
  const m = await loadCheckpoint();
  return { Checkpoint: m.Checkpoint };
}

let issue;

/** Loads the issuing module (PrivateKey, Issuer) once; resolves to its exports. */
export function loadIssue() {
  issue ??= import("./dist/issue/qrpass_wasm_issue.js").then(async (m) => {
    await instantiate(m.default, new URL("./dist/issue/qrpass_wasm_issue_bg.wasm", import.meta.url));
    return m;
  });
  return issue;
}

/** The issuing classes, once the issuing module is loaded:
 *  `const { PrivateKey, Issuer } = await issuing();` */
export async function issuing() {
  const m = await loadIssue();
  return { PrivateKey: m.PrivateKey, Issuer: m.Issuer };
}

let dccModule;

/** Loads the EU DCC module once; resolves to its exports. */
export function loadDcc() {
  dccModule ??= import("./dist/dcc/qrpass_wasm_dcc.js").then(async (m) => {
    await instantiate(m.default, new URL("./dist/dcc/qrpass_wasm_dcc_bg.wasm", import.meta.url));
    return m;
  });
  return dccModule;
}

/** The EU DCC (HC1:) classes and functions, once their module is loaded:
 *  `const { DscList, DccVerifier, AnyVerifier, verifyAny, DccPolicy, Checkpoint } = await dcc();`
 *  Its Checkpoint is the checkpoint module's (the same API and saved state)
 *  that also holds a root-signed DSC list and checks HC1: texts: a page that
 *  takes DCCs loads this module instead of the checkpoint module. */
export async function dcc() {
  const m = await loadDcc();
  return { DscList: m.DscList, DccVerifier: m.DccVerifier, AnyVerifier: m.AnyVerifier, verifyAny: m.verifyAny, DccPolicy: m.DccPolicy, Checkpoint: m.Checkpoint };
}

/** The QR code of `text` as PNG bytes (ecc "L", "M", "Q" or "H"; modulePx
 *  pixels per module, default 8; quietZone modules, default 4). From the
 *  issuing module: a portal prints what it signs; the QR module stays a scanner. */
export async function renderPng(text, ecc, modulePx, quietZone) {
  return (await loadIssue()).renderPng(text, ecc, modulePx, quietZone);
}

/** Texts of the QR codes in canvas pixels (an ImageData or {data, width, height}). */
export async function scanImageData(imageData) {
  return (await loadQr()).scanImageData(imageData);
}

/** Texts of the QR codes in a greyscale frame (rowStride defaults to width). */
export async function scanLuma(luma, width, height, rowStride) {
  return (await loadQr()).scanLuma(luma, width, height, rowStride);
}

/** Texts of the QR codes in PNG or JPEG bytes. */
export async function scanImage(bytes) {
  return (await loadQr()).scanImage(bytes);
}

/** The QR code of `text` as an SVG document (ecc "L", "M", "Q" or "H"). */
export async function renderSvg(text, ecc) {
  return (await loadQr()).renderSvg(text, ecc);
}

/** The ID card (CCCD) in a PNG or JPEG photo: scanned, then parsed. The same
 *  steps as core's IdCard::from_bytes, split across the two modules so that the
 *  verifier module carries no scanner. Throws `bad_id_card` when the photo holds
 *  codes but none is a card's, and the scanner's codes (`no_qr_found`, ...). */
export async function readIdCard(bytes) {
  const texts = await scanImage(bytes);
  const card = texts.find((t) => verify.classify(t) === "id_card");
  if (card === undefined) {
    const e = new Error(`the image holds ${texts.length} QR code(s), none of them an ID card's`);
    e.name = "QrpassError";
    e.code = "bad_id_card";
    e.family = "format";
    throw e;
  }
  return verify.IdCard.parse(card);
}

// A frame buffer as bytes without copying: an ArrayBuffer (as transferred to a
// Web Worker with postMessage(frame, [frame])) or any typed array view.
function frameBytes(buffer, what) {
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  if (ArrayBuffer.isView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const e = errorForCode("invalid_argument");
  e.message = `${what} must be an ArrayBuffer or a typed array`;
  throw e;
}

/**
 * A camera-loop scanner: keeps the last code's box between frames and skips
 * frames without finder patterns. Loads the QR module; resolves to an object
 * whose methods are synchronous, so a Web Worker can run one per camera:
 * scanLuma(luma, width, height, rowStride?) and scanImageData(image) take
 * ArrayBuffers or typed arrays and return [{text, corners: [{x, y} × 4]}]
 * (corners clockwise from the code's top left; [] when there is no code);
 * stats(), reset(), free(). Options: {prepass, regionOfInterest} (both true).
 */
export async function createScanner(options = {}) {
  const m = await loadQr();
  const inner = new m.QrScanner(options.prepass ?? true, options.regionOfInterest ?? true);
  return {
    scanLuma: (luma, width, height, rowStride) => inner.scanLuma(frameBytes(luma, "luma"), width, height, rowStride),
    scanImageData: (image) => {
      if (image == null || typeof image !== "object") throw Object.assign(errorForCode("invalid_argument"), { message: "scanImageData takes an ImageData or {data, width, height}" });
      return inner.scanRgba(frameBytes(image.data, "ImageData.data"), image.width, image.height);
    },
    stats: () => inner.stats(),
    reset: () => inner.reset(),
    free: () => inner.free(),
  };
}
