// The JS packages of benches/wasm/bench.mjs, resolved from this folder's
// node_modules (the bench lives elsewhere).
export * as ed from "@noble/ed25519";
export * as cborg from "cborg";
export { default as base45 } from "base45";
export { default as jsQR } from "jsqr";
export { PNG } from "pngjs";
