// A static server for the web checker: / → examples/web-checker, /qrpass/ →
// bindings-wasm/npm (the built package). Used by the end-to-end test; also
// `node bindings-wasm/tests/serve.js [port]` to try the checker by hand.
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
};

export function serve(port = 0) {
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path.endsWith("/")) path += "index.html";
    const local = normalize(path).replace(/^(\.\.[/\\])+/, "");
    const file = local.startsWith("/qrpass/")
      ? `${repo}bindings-wasm/npm/${local.slice("/qrpass/".length)}`
      : `${repo}examples/web-checker${local}`;
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] ?? 8080));
  console.log(`web checker on http://127.0.0.1:${server.address().port}/`);
}
