// Service worker: caches the page, the package and its WebAssembly modules on
// install, then serves from the cache first, so the checker works offline.
const CACHE = "qrpass-web-checker-v3";
const ASSETS = [
  "./",
  "index.html",
  "app.js",
  "clock.js",
  "feedback.js",
  "i18n.js",
  "lists.js",
  "scan-worker.js",
  "scanner.js",
  "store.js",
  "views.js",
  "style.css",
  "config.json",
  "manifest.webmanifest",
  "qrpass/index.js",
  "qrpass/dist/verify/qrpass_wasm.js",
  "qrpass/dist/verify/qrpass_wasm_bg.wasm",
  "qrpass/dist/checkpoint/qrpass_wasm_checkpoint.js",
  "qrpass/dist/checkpoint/qrpass_wasm_checkpoint_bg.wasm",
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

// Only the page's own files come from the cache; the province's lists always
// go to the network (the checkpoint keeps its own copy in IndexedDB).
const OWN = new Set(ASSETS.map((a) => new URL(a, self.location).href));

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  url.search = "";
  if (event.request.method !== "GET" || !OWN.has(url.href)) return;
  event.respondWith(
    caches.match(event.request, { ignoreSearch: true }).then((hit) => hit ?? fetch(event.request)),
  );
});
