// End to end in headless Chromium (Debian's package, driven by playwright-core):
// the web checker decides on an uploaded QR image, a tampered one, a camera
// stream (Chromium's fake capture from a Y4M of our QR code) and, after going
// offline, again from the service worker's cache.
//   node --test bindings-wasm/tests/e2e.test.js   (after scripts/build-wasm.sh
//   and `cargo build -p qrpass-cli`; QRPASS_BIN overrides the CLI's path)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import { chromium } from "playwright-core";

import { serve } from "./serve.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const cli = process.env.QRPASS_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(repo, "target"), "debug", "qrpass");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const dir = mkdtempSync(join(tmpdir(), "qrpass-e2e-"));
const qrpass = (...args) => execFileSync(cli, args, { encoding: "utf8" }).trim();

let server, browser, page, base, token;

/** A 4:2:0 Y4M video of `png` centred on a grey frame: Chromium's fake camera. */
function y4m(pngFile, out, width = 800, height = 600, frames = 10) {
  const png = PNG.sync.read(readFileSync(pngFile));
  const y = Buffer.alloc(width * height, 200);
  const ox = (width - png.width) >> 1, oy = (height - png.height) >> 1;
  for (let j = 0; j < png.height; j++) {
    for (let i = 0; i < png.width; i++) {
      const p = (j * png.width + i) * 4;
      y[(oy + j) * width + ox + i] = Math.round(0.299 * png.data[p] + 0.587 * png.data[p + 1] + 0.114 * png.data[p + 2]);
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const parts = [Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`)];
  for (let f = 0; f < frames; f++) parts.push(Buffer.from("FRAME\n"), y, chroma);
  writeFileSync(out, Buffer.concat(parts));
}

before(async () => {
  assert.ok(existsSync(cli), `the qrpass CLI is not built at ${cli}`);
  assert.ok(existsSync(join(repo, "bindings-wasm/npm/dist/qr/qrpass_wasm_qr_bg.wasm")), "run scripts/build-wasm.sh first");
  qrpass("keygen", "--issuer", "VN-SG", "--out", dir, "--valid-from", "2021-01-01T00:00:00+07:00");
  const permit = JSON.parse(readFileSync(join(repo, "spec/examples/permit.json"), "utf8"));
  const day = 86400e3;
  permit.validity = { from: new Date(Date.now() - day).toISOString(), until: new Date(Date.now() + 30 * day).toISOString() };
  writeFileSync(join(dir, "permit.json"), JSON.stringify(permit));
  token = qrpass("issue", "--key", join(dir, "VN-SG.key.pem"), "--issuer", "VN-SG", join(dir, "permit.json"));
  writeFileSync(join(dir, "token.txt"), token);
  qrpass("render", join(dir, "token.txt"), "--out", join(dir, "valid.png"));
  const at = token.length - 30; // inside the signature: still Base45, no longer signed
  const tampered = token.slice(0, at) + (token[at] === "0" ? "1" : "0") + token.slice(at + 1);
  writeFileSync(join(dir, "tampered.txt"), tampered);
  qrpass("render", join(dir, "tampered.txt"), "--out", join(dir, "tampered.png"));
  y4m(join(dir, "valid.png"), join(dir, "camera.y4m"));

  server = await serve(0);
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-video-capture=${join(dir, "camera.y4m")}`,
    ],
  });
  const context = await browser.newContext({ permissions: ["camera"] });
  page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e));
  await page.goto(base);
  await page.waitForSelector("body[data-offline-ready=true]", { timeout: 30_000 });
  await page.setInputFiles("#trust-file", join(dir, "trust.json"));
  await page.waitForFunction(() => document.getElementById("trust-status").textContent.includes("JSON"));
});

after(async () => {
  await browser?.close();
  server?.close();
});

const outcome = () => page.getAttribute("#decision", "data-outcome");

test("an uploaded QR image of a valid permit is allowed, in Vietnamese and English", async () => {
  await page.setInputFiles("#image-file", join(dir, "valid.png"));
  await page.waitForSelector("#decision[data-outcome=allow]", { timeout: 10_000 });
  assert.equal(await page.textContent("#decision"), "Cho qua");
  const details = await page.textContent("#details");
  assert.match(details, /Nguyễn Văn An/);
  assert.match(details, /••••••••1234/);
  assert.doesNotMatch(details, /079201001234/, "the full ID number is never shown");
  await page.click("#lang");
  assert.equal(await page.textContent("#decision"), "Allow");
  assert.equal(await page.textContent("#reasons li"), "The pass is valid.");
  await page.click("#lang");
});

test("a tampered QR image is denied with its reason", async () => {
  await page.setInputFiles("#image-file", join(dir, "tampered.png"));
  await page.waitForSelector("#decision[data-outcome=deny]", { timeout: 10_000 });
  assert.equal(await page.getAttribute("#reasons li", "data-code"), "bad_signature");
  assert.equal(await page.textContent("#details"), "", "nothing of an unverified pass is shown");
});

test("the camera (fake capture of our QR code) gives the decision within 3 seconds", async () => {
  assert.equal(await outcome(), "deny");
  const start = Date.now();
  await page.click("#camera");
  await page.waitForSelector("#decision[data-outcome=allow]", { timeout: 3_000 });
  const elapsed = Date.now() - start;
  assert.ok(elapsed < 3_000, `${elapsed} ms`);
  console.log(`camera decision in ${elapsed} ms`);
});

test("offline after a reload: pasted text and an image still work", async () => {
  await page.context().setOffline(true);
  await page.reload();
  await page.waitForSelector("body[data-ready=true]", { timeout: 10_000 });
  // The trust list came back from local storage.
  assert.match(await page.textContent("#trust-status"), /JSON/);
  await page.fill("#paste", readFileSync(join(dir, "tampered.txt"), "utf8"));
  await page.click("#paste-form button");
  await page.waitForSelector("#decision[data-outcome=deny]", { timeout: 5_000 });
  await page.setInputFiles("#image-file", join(dir, "valid.png"));
  await page.waitForSelector("#decision[data-outcome=allow]", { timeout: 10_000 });
  await page.context().setOffline(false);
});
