// Service worker: caches the page, the package and both WebAssembly modules on
// install, then serves from the cache first, so the checker works offline.
const CACHE = "qrpass-web-checker-v1";
const ASSETS = [
  "./",
  "index.html",
  "app.js",
  "style.css",
  "config.json",
  "manifest.webmanifest",
  "qrpass/index.js",
  "qrpass/dist/verify/qrpass_wasm.js",
  "qrpass/dist/verify/qrpass_wasm_bg.wasm",
  "qrpass/dist/qr/qrpass_wasm_qr.js",
  "qrpass/dist/qr/qrpass_wasm_qr_bg.wasm",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  if (event.request.method !== "GET") return;
  event.respondWith(
    caches.match(event.request, { ignoreSearch: true }).then((hit) => hit ?? fetch(event.request)),
  );
});
