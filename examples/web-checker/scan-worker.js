// The scanning Web Worker: one camera-loop Scanner; each frame arrives as a
// transferred ArrayBuffer of RGBA pixels and is answered with the codes' texts.
// A trap of the WebAssembly module is reported so the page restarts the worker
// (the module's memory may be corrupt after a trap).
// lazy.js: the worker loads the QR module only, never the verifier module.
import { createScanner, loadQr } from "./qrpass/lazy.js";

const ready = createScanner();
let slowMs = 0; // test hook: extra time per frame, to show frames dropped while busy

self.onmessage = async ({ data }) => {
  const scanner = await ready;
  if (data.type === "trap") {
    // Test hook: trap the module for real (unreachable), as a bug would.
    try {
      (await loadQr()).forceTrapForTests();
    } catch (e) {
      self.postMessage({ type: "trap", message: String(e) });
    }
    return;
  }
  if (data.type === "slow") slowMs = data.ms;
  if (data.type !== "frame") return;
  const start = performance.now();
  while (performance.now() - start < slowMs); // eslint-disable-line no-empty
  try {
    const codes = scanner.scanImageData({ data: data.buffer, width: data.width, height: data.height });
    self.postMessage({ type: "result", id: data.id, texts: codes.map((c) => c.text), ms: performance.now() - start });
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      self.postMessage({ type: "trap", message: String(e) });
    } else {
      self.postMessage({ type: "result", id: data.id, texts: [], error: e.code ?? String(e) });
    }
  }
};
self.postMessage({ type: "hello" });
