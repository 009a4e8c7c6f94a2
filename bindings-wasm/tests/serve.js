// A static server for the web checker: / → examples/web-checker, /qrpass/ →
// bindings-wasm/npm (the built package), and with options /lists/ → a folder
// written by `qrpass publish` (options.lists), /config.json → options.config,
// and the Date header from options.date(). Used by the end-to-end test; also
// `node bindings-wasm/tests/serve.js [port] [lists-folder]` to try the checker by hand.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".vn1i": "text/plain; charset=utf-8",
  ".vn1t": "text/plain; charset=utf-8",
  ".vn1r": "text/plain; charset=utf-8",
  ".vn1p": "text/plain; charset=utf-8",
};

export function serve(port = 0, options = {}) {
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path.endsWith("/")) path += "index.html";
    const local = normalize(path).replace(/^(\.\.[/\\])+/, "");
    const headers = { "cache-control": "no-cache" };
    if (options.date) headers.date = options.date().toUTCString();
    if (local === "/config.json" && options.config) {
      res.writeHead(200, { ...headers, "content-type": TYPES[".json"] }).end(JSON.stringify(options.config()));
      return;
    }
    const file = local.startsWith("/qrpass/")
      ? `${repo}bindings-wasm/npm/${local.slice("/qrpass/".length)}`
      : local.startsWith("/lists/") && options.lists
        ? `${options.lists}/${local.slice("/lists/".length)}`
        : `${repo}examples/web-checker${local}`;
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] ?? 8080), process.argv[3] ? { lists: process.argv[3] } : {});
  console.log(`web checker on http://127.0.0.1:${server.address().port}/`);
}
