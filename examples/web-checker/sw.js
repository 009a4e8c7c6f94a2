// Service worker: caches the page, the package's lazy entry and the
// WebAssembly modules the page uses on install, then serves from the cache
// first, so the checker works offline. The page's checkpoint module is the EU
// DCC module when config.json enables DCCs (`"dcc": true`: its Checkpoint is
// then the page's), else the checkpoint module; a page whose config.json does
// not enable DCCs never downloads the DCC module, and no page downloads the
// verifier module.
const CACHE = "qrpass-web-checker-v7";
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
  "qrpass/lazy.js",
  "qrpass/instantiate.js",
  "qrpass/dist/qr/qrpass_wasm_qr.js",
  "qrpass/dist/qr/qrpass_wasm_qr_bg.wasm",
];

// The page's one checkpoint module: the DCC module when config.json enables
// DCCs, else the checkpoint module. Neither needs the verifier module (dist/verify).
const CHECKPOINT = ["qrpass/dist/checkpoint/qrpass_wasm_checkpoint.js", "qrpass/dist/checkpoint/qrpass_wasm_checkpoint_bg.wasm"];
const DCC = ["qrpass/dist/dcc/qrpass_wasm_dcc.js", "qrpass/dist/dcc/qrpass_wasm_dcc_bg.wasm"];

/** What to cache on install: the assets and the module config.json picks. */
async function installAssets() {
  const config = await fetch("config.json", { cache: "no-store" }).then((r) => r.json()).catch(() => ({}));
  return [...ASSETS, ...(config.dcc === true ? DCC : CHECKPOINT)];
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
// The two checkpoint modules: one is cached on install (config.json picks it),
// the other on its first use, if any.
const LAZY = new Set([...CHECKPOINT, ...DCC].map((a) => new URL(a, self.location).href));

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
