// qrpass for JavaScript, the lazily loaded part: every module but the
// verifier, each fetched and instantiated on first use (see index.js). A page
// that keeps a checkpoint (the web checker) imports this file instead of
// index.js: its checkpoint or DCC module carries its own Verifier, TrustAnchor
// and classify, so the verifier module is never downloaded. index.js
// re-exports all of it beside the verifier module's exports.

import { instantiate } from "./instantiate.js";

// Errors made here, before any module is loaded, have the shape the modules'
// errors have (name QrpassError, code, family: core's `ErrorCode::family`;
// api.test.js compares them with errorForCode's).
function qrpassError(code, family, message) {
  return Object.assign(new Error(message), { name: "QrpassError", code, family });
}
const usageError = (message) => qrpassError("invalid_argument", "input", message);

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

/** What decides about the person in front of the officer, once the checkpoint
 *  module is loaded: `const { Checkpoint, Policy, IdCard, bind } = await checkpoint();`
 *  with the module's own Verifier, TrustAnchor and classify (a Policy checks
 *  with this module's Verifier: wasm-bindgen objects do not cross modules). */
export async function checkpoint() {
  const m = await loadCheckpoint();
  return { Checkpoint: m.Checkpoint, Policy: m.Policy, IdCard: m.IdCard, bind: m.bind, Verifier: m.Verifier, TrustAnchor: m.TrustAnchor, classify: m.classify };
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
 *  takes DCCs loads this module instead of the checkpoint module (its classify
 *  is the verifier module's, so such a page needs no other module). */
export async function dcc() {
  const m = await loadDcc();
  return { DscList: m.DscList, DccVerifier: m.DccVerifier, AnyVerifier: m.AnyVerifier, verifyAny: m.verifyAny, DccPolicy: m.DccPolicy, Checkpoint: m.Checkpoint, classify: m.classify };
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
 *  steps as core's IdCard::from_bytes, split across the QR and checkpoint
 *  modules (loaded side by side) so that the checkpoint module carries no
 *  scanner. Throws `bad_id_card` when the photo holds codes but none is a
 *  card's, and the scanner's codes (`no_qr_found`, ...). */
export async function readIdCard(bytes) {
  const [texts, m] = await Promise.all([scanImage(bytes), loadCheckpoint()]);
  const card = texts.find((t) => m.classify(t) === "id_card");
  if (card === undefined) {
    throw qrpassError("bad_id_card", "format", `the image holds ${texts.length} QR code(s), none of them an ID card's`);
  }
  return m.IdCard.parse(card);
}

// A frame buffer as bytes without copying: an ArrayBuffer (as transferred to a
// Web Worker with postMessage(frame, [frame])) or any typed array view.
function frameBytes(buffer, what) {
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  if (ArrayBuffer.isView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  throw usageError(`${what} must be an ArrayBuffer or a typed array`);
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
      if (image == null || typeof image !== "object") throw usageError("scanImageData takes an ImageData or {data, width, height}");
      return inner.scanRgba(frameBytes(image.data, "ImageData.data"), image.width, image.height);
    },
    stats: () => inner.stats(),
    reset: () => inner.reset(),
    free: () => inner.free(),
  };
}
