// Types of lazy.js: the package's lazily loaded part (every module but the
// verifier), as declared in index.d.ts.
export {
  checkpoint,
  createScanner,
  dcc,
  issuing,
  loadCheckpoint,
  loadDcc,
  loadIssue,
  loadQr,
  readIdCard,
  renderPng,
  renderSvg,
  scanImage,
  scanImageData,
  scanLuma,
} from "./index.js";
