// Service worker: caches the page, the package and its WebAssembly modules on
// install, then serves from the cache first, so the checker works offline. The
// EU DCC module is cached on install when config.json enables DCCs (`"dcc":
// true`: its Checkpoint is then the page's), else on its first use, if any (a
// page whose config.json does not enable DCCs never downloads it).
const CACHE = "qrpass-web-checker-v6";
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

const DCC = ["qrpass/dist/dcc/qrpass_wasm_dcc.js", "qrpass/dist/dcc/qrpass_wasm_dcc_bg.wasm"];

/** What to cache on install: the DCC module too when config.json enables DCCs. */
async function installAssets() {
  const config = await fetch("config.json", { cache: "no-store" }).then((r) => r.json()).catch(() => ({}));
  return config.dcc === true ? [...ASSETS, ...DCC] : ASSETS;
}

self.addEventListener("install", (event) => {
  event.waitUntil(Promise.all([caches.open(CACHE), installAssets()])
    .then(([cache, assets]) => cache.addAll(assets)).then(() => self.skipWaiting()));
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
const LAZY = new Set(DCC.map((a) => new URL(a, self.location).href));

/** From the cache, else from the network, keeping a copy. */
async function cacheOnUse(request) {
  const hit = await caches.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await (await caches.open(CACHE)).put(request, res.clone());
  return res;
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  url.search = "";
  if (event.request.method === "GET" && LAZY.has(url.href)) return event.respondWith(cacheOnUse(event.request));
  if (event.request.method !== "GET" || !OWN.has(url.href)) return;
  event.respondWith(
    caches.match(event.request, { ignoreSearch: true }).then((hit) => hit ?? fetch(event.request)),
  );
});
