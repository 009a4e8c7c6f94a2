// qrpass for JavaScript: an ES module over five WebAssembly modules, so that a
// page downloads only what it uses. Works in browsers (fetch) and node (fs).
// - dist/verify (Verifier, TrustAnchor, inspect, classify, error codes) loads
//   with this module: a page that verifies pasted text loads it alone.
// - dist/checkpoint (Checkpoint with its saved state, signed policies and
//   tally; Policy, IdCard, bind) loads on checkpoint() or loadCheckpoint().
// - dist/qr (the scanner and SVG renderer) loads on the first call that needs
//   it (scanImageData, scanLuma, scanImage, createScanner, renderSvg) or loadQr().
// - dist/issue (PrivateKey, Issuer, renderPng) loads on issuing(), renderPng()
//   or loadIssue(), so a checker never downloads it.
// - dist/dcc (DscList, DccVerifier, AnyVerifier, verifyAny, DccPolicy, and a
//   Checkpoint that also holds a DSC list) loads on dcc() or loadDcc(), by a
//   page that takes HC1: codes.
import initVerify, * as verify from "./dist/verify/qrpass_wasm.js";
import { instantiate } from "./instantiate.js";

export * from "./lazy.js";

await instantiate(initVerify, new URL("./dist/verify/qrpass_wasm_bg.wasm", import.meta.url));

export const { Verifier, TrustAnchor, inspect, classify, errorCodes, errorForCode } = verify;
