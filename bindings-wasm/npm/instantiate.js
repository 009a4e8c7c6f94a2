// Fetches (browser) or reads (node) a module's .wasm file and instantiates it:
// shared by index.js and lazy.js, not part of the package's API.

const inNode = typeof process !== "undefined" && !!process.versions?.node;

export async function instantiate(init, url) {
  if (inNode) {
    const { readFile } = await import("node:fs/promises");
    await init({ module_or_path: await readFile(url) });
  } else {
    await init({ module_or_path: url });
  }
}
