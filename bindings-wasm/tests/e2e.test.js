// End to end in headless Chromium (Debian's package, driven by playwright-core):
// the checkpoint app (examples/web-checker) served with a folder written by
// `qrpass publish`, an injected clock, and Chromium's fake camera playing a Y4M
// of our codes. Lists fetched then offline; a later revocation delta; a policy
// taking over at its validFrom; permit + holder's card → allow, permit +
// another person's card → deny; a forced WebAssembly trap in the scanning
// worker; EU DCCs (HC1:) refused by a page whose config does not enable them
// (the DCC module never fetched), then decided by a page that does (the DCC
// module's Checkpoint, a root-signed DSC list from the index); axe-core on
// every screen; screenshots at 360×740.
//   node --test bindings-wasm/tests/e2e.test.js   (after scripts/build-wasm.sh
//   and `cargo build -p qrpass-cli`; QRPASS_BIN overrides the CLI's path)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

import { HOUR, PEOPLE, T0, makeFixtures } from "./e2e-fixtures.js";
import { serve } from "./serve.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const cli = process.env.QRPASS_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(repo, "target"), "debug", "qrpass");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SHOTS = join(repo, "examples/web-checker/screenshots");
const dir = mkdtempSync(join(tmpdir(), "qrpass-e2e-"));

let server, browser, page, fx, config;
const requests = []; // every URL the page asked for
const consoleLines = []; // everything the page logged
let offsetMs = T0 - Date.now(); // the page's and the server's clock: T0 at the start
const fakeNow = () => new Date(Date.now() + offsetMs);

/** Moves both clocks to T0 + `ms` (the page reads the offset on every call). */
async function setClock(ms) {
  offsetMs = T0 + ms - Date.now();
  await page.evaluate((o) => {
    globalThis.__qrpassTest.offsetMs = o;
    localStorage.setItem("qrpass.test.offsetMs", String(o));
  }, offsetMs);
}

const events = () => page.evaluate(() => globalThis.__qrpassTest.events);
async function waitEvent(predicate, since = 0, timeout = 10_000) {
  const fn = predicate.toString();
  await page.waitForFunction(([f, s]) => globalThis.__qrpassTest.events.slice(s).some(eval(f)), [fn, since], { timeout });
  const all = await events();
  const i = all.findIndex((e, k) => k >= since && predicate(e));
  return { ...all[i], index: i };
}
const eventCount = async () => (await events()).length;

/** axe-core on the current screen: no serious or critical violation. */
async function axe(screen) {
  if (!(await page.evaluate(() => "axe" in globalThis))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => (await globalThis.axe.run(document)).violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`));
  assert.deepEqual(violations, [], `axe on the ${screen} screen`);
}

async function paste(text) {
  await page.click("nav .tab[data-screen=lists]");
  await page.fill("#paste", text);
  await page.click("#paste-form button");
  await page.click("nav .tab[data-screen=scan]");
}

const shot = (name) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

before(async () => {
  assert.ok(existsSync(cli), `the qrpass CLI is not built at ${cli}`);
  assert.ok(existsSync(join(repo, "bindings-wasm/npm/dist/qr/qrpass_wasm_qr_bg.wasm")), "run scripts/build-wasm.sh first");
  mkdirSync(SHOTS, { recursive: true });
  fx = makeFixtures(cli, dir, repo);
  config = { rootPublicKey: fx.rootHex, checkpointId: "e2e", area: "01.001", listsBaseUrl: "lists/", autoReturnSeconds: 5, rescanWindowSeconds: 10 };
  server = await serve(0, { lists: fx.site, config: () => config, date: fakeNow });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-video-capture=${join(dir, "camera.y4m")}`,
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
  page = await openPage();
});

/** The app in a new browser context (its own IndexedDB and service worker) at the current clock. */
async function openPage() {
  const context = await browser.newContext({ permissions: ["camera"], viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 });
  await context.addInitScript((initial) => {
    const saved = localStorage.getItem("qrpass.test.offsetMs");
    globalThis.__qrpassTest = { offsetMs: saved === null ? initial : Number(saved), events: [], frames: [] };
  }, offsetMs);
  const p = await context.newPage();
  p.on("pageerror", (e) => console.error("page error:", e));
  p.on("request", (r) => requests.push(r.url()));
  p.on("console", (m) => consoleLines.push(m.text()));
  if (process.env.E2E_CONSOLE) p.on("console", (m) => console.error("page:", m.text()));
  await p.goto(`http://127.0.0.1:${server.address().port}/`);
  await p.waitForSelector("body[data-offline-ready=true]", { timeout: 30_000 });
  return p;
}

after(async () => {
  await browser?.close();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("the page fetches the province's lists and shows their age and state", async () => {
  const refresh = await waitEvent((e) => e.type === "refresh");
  assert.equal(refresh.ok, true, JSON.stringify(refresh));
  assert.deepEqual([...refresh.loaded].sort(), ["policy", "policy", "revocation_list", "trust_list"]);
  await axe("start");
  await page.click("nav .tab[data-screen=lists]");
  const states = await page.$$eval("#artifacts tbody tr", (rows) => rows.map((r) => `${r.dataset.kind}:${r.dataset.state}`));
  assert.deepEqual(states.sort(), ["policy:fresh", "policy:fresh", "revocation_list:fresh", "trust_list:fresh"]);
  assert.match(await page.textContent("#policy-in-force"), /base #1/);
  // What stale lists mean comes from the policy in force (base: the defaults, review).
  assert.deepEqual(await page.$$eval("#policy-actions li", (l) => l.map((e) => e.dataset.outcome)), ["review", "review", "review", "review"]);
  await axe("lists");
  await shot("lists");
  await page.click("nav .tab[data-screen=scan]");
});

test("fake camera: a permit then its holder's card → allow with binding; another person's card → deny", async () => {
  const since = await eventCount();
  await page.click("#camera");
  const prompt = await waitEvent((e) => e.type === "card_prompt", since, 15_000);
  assert.ok(prompt);
  assert.equal(await page.isVisible("#card-prompt"), true);
  assert.match(await page.textContent("#card-for"), /Nguyễn Văn An/);
  await axe("binding");
  await shot("binding");
  const allow = await waitEvent((e) => e.type === "decision", since, 15_000);
  assert.deepEqual([allow.outcome, allow.holder], ["allow", "match"], JSON.stringify(allow));
  assert.equal(await page.getAttribute("#decision", "data-outcome"), "allow");
  assert.equal(await page.textContent("#decision-word"), "CHO QUA");
  assert.equal(await page.textContent("#decision-icon"), "✓");
  // The live region is cleared, then filled on the next tick (so screen readers
  // announce a repeated verdict): wait for it rather than read it at once.
  await page.waitForFunction(() => /CHO QUA/.test(document.querySelector("#announce")?.textContent ?? ""), null, { timeout: 5_000 });
  assert.match(await page.textContent("#announce"), /CHO QUA/);
  await axe("decision");
  await shot("decision");
  const deny = await waitEvent((e) => e.type === "decision", allow.index + 1, 15_000);
  assert.deepEqual([deny.outcome, deny.holder], ["deny", "mismatch"], JSON.stringify(deny));
  assert.ok(deny.codes.includes("holder_id_mismatch"), deny.codes.join());
  assert.equal(await page.textContent("#decision-icon"), "✕");
  await shot("decision-deny");
  const body = await page.textContent("body");
  for (const secret of ["MARKERADDR", "20072021", "2021-07-20", PEOPLE.A.number, "079099001111", "123456789"]) {
    assert.ok(!body.includes(secret), `${secret} is never shown`);
  }
  // Each person was counted once, although each code was in view for many frames.
  const decisions = (await events()).slice(since).filter((e) => e.type === "decision");
  assert.equal(decisions.length, 2, JSON.stringify(decisions));
  // First frame with a code → prompt or decision on the page (measured, not asserted).
  const { frames, events: all } = await page.evaluate(() => globalThis.__qrpassTest);
  const ms = all.slice(since).filter((e) => e.type === "card_prompt" || e.type === "decision").map((e) => {
    let i = frames.findLastIndex((f) => f.t <= e.t && f.code);
    while (i > 0 && frames[i - 1].code) i -= 1;
    return Math.round(e.t - frames[i].t);
  });
  const stats = await page.evaluate(() => globalThis.qrpassApp.stats());
  console.log(`first code frame → shown: ${ms.join(", ")} ms (prompt A, allow A, prompt B, deny C); frames ${JSON.stringify(stats)}`);
  assert.equal(stats.sent + stats.dropped, stats.presented, "each frame is sent or dropped, never queued");
});

test("a forced trap in the scanning worker restarts it once, and the next code is read", async () => {
  const since = await eventCount();
  await page.evaluate(() => globalThis.qrpassApp.forceTrap());
  const restart = await waitEvent((e) => e.type === "restart", since);
  const code = await waitEvent((e) => e.type === "code", restart.index + 1, 15_000);
  assert.ok(code);
  const restarts = (await events()).slice(since).filter((e) => e.type === "restart");
  assert.equal(restarts.length, 1);
  assert.match(await page.textContent("#notice"), /khởi động lại/);
});

test("while the worker is busy, frames are dropped, not queued", async () => {
  const before = await page.evaluate(() => globalThis.qrpassApp.stats());
  await page.evaluate(() => globalThis.qrpassApp.slow(400));
  await page.waitForTimeout(2_000);
  await page.evaluate(() => globalThis.qrpassApp.slow(0));
  const after = await page.evaluate(() => globalThis.qrpassApp.stats());
  const presented = after.presented - before.presented, sent = after.sent - before.sent;
  assert.ok(presented >= 10, `${presented} frames presented`);
  assert.ok(sent <= 7, `at most one frame in flight: ${sent} sent of ${presented} in 2 s at 400 ms a frame`);
  assert.equal(after.dropped - before.dropped, presented - sent);
  await page.click("#camera"); // stop
});

test("offline after a reload: the saved state decides, with the holder's card", async () => {
  await page.context().setOffline(true);
  await page.reload();
  await page.waitForSelector("body[data-ready=true]", { timeout: 10_000 });
  const failed = await waitEvent((e) => e.type === "refresh");
  assert.equal(failed.ok, false);
  assert.ok((await events()).some((e) => e.type === "restored"));
  await paste(fx.tokens.A);
  await page.waitForSelector("#card-prompt:not([hidden])");
  await paste(PEOPLE.A.card);
  await page.waitForSelector("#decision[data-outcome=allow]");
  assert.equal(await page.getAttribute("#holder", "data-result"), "match");
  await page.click("#lang");
  assert.equal(await page.textContent("#decision-word"), "ALLOW");
  assert.match(await page.textContent("#holder"), /Same person/);
  await page.click("#lang");
  await page.click("nav .tab[data-screen=lists]");
  assert.equal(await page.getAttribute("#network", "data-online"), "false");
  await page.click("nav .tab[data-screen=scan]");
  await page.context().setOffline(false);
});

test("a tampered pass is denied with its reason, nothing of it shown; a photo of a code is read too", async () => {
  const token = fx.tokens.B;
  const at = token.length - 30; // inside the signature: still Base45, no longer signed
  let since = await eventCount();
  await paste(token.slice(0, at) + (token[at] === "0" ? "1" : "0") + token.slice(at + 1));
  const denied = await waitEvent((e) => e.type === "decision", since);
  assert.deepEqual([denied.outcome, denied.codes], ["deny", ["bad_signature"]]);
  assert.equal(await page.textContent("#details"), `${"Quy định"}base #1`, "only the policy, nothing of an unverified pass");
  await page.click("#decision"); // a tap: back to scanning at once
  assert.equal(await page.isHidden("#result"), true);
  since = await eventCount();
  await page.click("nav .tab[data-screen=lists]");
  await page.setInputFiles("#list-file", join(dir, "A.png"));
  await waitEvent((e) => e.type === "card_prompt", since);
  await page.click("nav .tab[data-screen=scan]");
  await page.click("#no-card");
});

test("a policy with a later validFrom takes over at its time", async () => {
  await setClock(2 * HOUR + 60e3);
  let since = await eventCount();
  await paste(fx.tokens.B);
  const decision = await waitEvent((e) => e.type === "decision", since);
  assert.deepEqual([decision.policy, decision.outcome], ["curfew", "deny"]);
  assert.ok(decision.codes.includes("kind_not_accepted"), decision.codes.join());
  const ready = await waitEvent((e) => e.type === "ready", decision.index, 10_000); // back by itself
  assert.ok(ready.t - decision.t >= 4_900, `${ready.t - decision.t} ms`);
  assert.equal(await page.isHidden("#result"), true);
  await setClock(4 * HOUR + 60e3); // past the curfew's validUntil: the base policy again
  since = await eventCount();
  await paste(fx.tokens.B);
  await page.waitForSelector("#card-prompt:not([hidden])");
  await page.click("#no-card");
  const after = await waitEvent((e) => e.type === "decision", since);
  assert.deepEqual([after.policy, after.outcome, after.holder], ["base", "review", "missing"]);
});

test("a revocation delta published later is fetched on refresh; the revoked pass is then denied", async () => {
  await paste(fx.tokens.R);
  await page.waitForSelector("#card-prompt:not([hidden])");
  await page.click("#no-card");
  await page.waitForSelector("#decision[data-outcome=review]");
  fx.publishRevocation();
  const since = await eventCount();
  await setClock(22 * HOUR + 60e3); // the revocation list is due: the page refreshes by itself
  const refresh = await waitEvent((e) => e.type === "refresh", since, 15_000);
  assert.equal(refresh.ok, true, JSON.stringify(refresh));
  assert.deepEqual(refresh.loaded, ["revocation_delta"]);
  await paste(fx.tokens.R);
  const denied = await waitEvent((e) => e.type === "decision", since);
  assert.equal(denied.outcome, "deny");
  assert.ok(denied.codes.includes("revoked"), denied.codes.join());
});

test("the tally counts by outcome and kind, exports CSV, resets after confirmation", async () => {
  await page.click("nav .tab[data-screen=tally]");
  const total = Number(await page.textContent("#tally-total"));
  assert.ok(total >= 5, `${total}`);
  await axe("tally");
  await shot("tally");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
  const csv = await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString());
  assert.match(csv, /^hour,kind,outcome,holder,count\n/);
  assert.match(csv, /permit,allow,match,/);
  assert.match(csv, /permit,deny,mismatch,/);
  for (const secret of ["Nguyễn", "MARKER", "079201"]) assert.ok(!csv.includes(secret), secret);
  await page.click("#reset");
  await page.click("#reset-cancel");
  assert.equal(Number(await page.textContent("#tally-total")), total, "cancel keeps the counts");
  await page.click("#reset");
  await page.click("#reset-confirm");
  await page.waitForFunction(() => document.getElementById("tally-total").textContent === "0");
});

test("EU DCCs (HC1:): refused unread without `dcc`; with it, the DCC module's Checkpoint takes the signed DSC list and decides; only the view is shown", async () => {
  const dccModule = () => requests.filter((u) => u.includes("/dist/dcc/"));
  await page.click("nav .tab[data-screen=scan]");
  let since = await eventCount();
  await paste(fx.dcc.texts.allowed);
  const off = await waitEvent((e) => e.type === "dcc_unavailable", since);
  assert.equal(off.code, "dcc_unsupported");
  assert.match(await page.textContent("#notice"), /không kiểm tra chứng nhận EU/);
  assert.deepEqual(dccModule(), [], "a page without dcc never fetches the DCC module");

  // The province publishes a DSC list; a page whose config enables DCCs.
  const stranger = fx.publishDscList();
  config = { ...config, dcc: true };
  await page.context().close();
  page = await openPage();
  const refresh = await waitEvent((e) => e.type === "refresh", 0, 15_000);
  assert.equal(refresh.ok, true, JSON.stringify(refresh));
  assert.ok(refresh.loaded.includes("dsc_list"), JSON.stringify(refresh));
  const fetched = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
  assert.ok(fetched.some((u) => u.endsWith("/dist/dcc/qrpass_wasm_dcc_bg.wasm")), "the DCC module is the page's");
  assert.ok(!fetched.some((u) => u.includes("/dist/checkpoint/")), "one state, one module: not the checkpoint module");
  // Its module's classify and Verifier serve the page: the verifier module is never fetched, with DCCs or without.
  assert.deepEqual(requests.filter((u) => u.includes("/dist/verify/")), [], "the checker never fetches the verifier module");
  await page.click("nav .tab[data-screen=lists]");
  const dscRow = () => page.$eval("#artifacts tbody tr[data-kind=dsc_list]", (r) => [r.children[1].textContent, r.dataset.state]);
  assert.deepEqual(await dscRow(), ["1", "fresh"]);
  await page.click("nav .tab[data-screen=scan]");

  since = await eventCount();
  await paste(fx.dcc.texts.allowed); // at T0 + 22 h: 2021-09-16, 110 days after the second dose
  const allowed = await waitEvent((e) => e.type === "decision" && e.format === "hc1", since);
  assert.deepEqual([allowed.outcome, allowed.codes, allowed.policy], ["allow", ["pass_valid"], "base"], JSON.stringify(allowed));
  assert.equal(await page.getAttribute("#decision", "data-outcome"), "allow");
  assert.equal(await page.textContent("#decision-word"), "CHO QUA");
  const details = await page.$$eval("#details dd", (dd) => dd.map((e) => e.textContent));
  assert.deepEqual(details, ["Chứng nhận COVID số của EU (HC1:)", "Mustermann Erika", "1964-08-12", "tiêm mũi 2/2 ngày 2021-05-29 (DE)", "base #1"]);
  assert.equal(await page.getAttribute("#holder", "data-result"), "passport");
  assert.match(await page.textContent("#holder"), /hộ chiếu/);
  await axe("DCC decision");
  await shot("decision-dcc");
  await page.click("#lang");
  assert.equal(await page.textContent("#decision-word"), "ALLOW");
  assert.match(await page.textContent("#holder"), /Compare the name and date of birth with the passport/);
  await page.click("#lang");
  await page.click("#decision");

  since = await eventCount();
  await paste(fx.dcc.texts.forged);
  const forged = await waitEvent((e) => e.type === "decision" && e.format === "hc1", since);
  assert.deepEqual([forged.outcome, forged.codes], ["deny", ["bad_signature"]]);
  assert.equal(await page.textContent("#decision-icon"), "✕");
  assert.deepEqual(await page.$$eval("#details dd", (dd) => dd.map((e) => e.textContent)), ["Chứng nhận COVID số của EU (HC1:)", "base #1"], "nothing of an unverified certificate");
  assert.equal(await page.isHidden("#holder"), true);
  assert.deepEqual(await page.$$eval("#reasons li", (l) => l.map((e) => e.dataset.code)), ["bad_signature"]);
  await axe("DCC refused");
  await page.click("#decision");

  since = await eventCount();
  await paste(fx.dcc.texts.partial);
  const partial = await waitEvent((e) => e.type === "decision" && e.format === "hc1", since);
  assert.deepEqual([partial.outcome, partial.codes], ["deny", ["not_full_course"]]);
  assert.match(await page.textContent("#reasons"), /chưa tiêm đủ liều/);
  await page.click("#decision");

  // A DSC list signed by another key (loaded from a file): refused with its
  // code shown; the page stays on the list it holds.
  since = await eventCount();
  await page.click("nav .tab[data-screen=lists]");
  await page.setInputFiles("#list-file", stranger);
  const refused = await waitEvent((e) => e.type === "refused", since);
  assert.equal(refused.code, "bad_dsc_list");
  assert.match(await page.textContent("#list-status"), /bad_dsc_list/);
  assert.deepEqual(await dscRow(), ["1", "fresh"]);
  await page.click("nav .tab[data-screen=scan]");
  since = await eventCount();
  await paste(fx.dcc.texts.allowed);
  const still = await waitEvent((e) => e.type === "decision" && e.format === "hc1", since);
  assert.equal(still.outcome, "allow");
  await page.click("#decision");
  // Counted in the tally as eu_dcc (the forged one as unverified), without personal data.
  await page.click("nav .tab[data-screen=tally]");
  assert.ok(await page.isVisible("#tally-kinds li[data-kind=eu_dcc]"));
  await page.click("nav .tab[data-screen=scan]");

  // No personal data beyond the view: on the page (text and markup), in the
  // events log and in the console.
  const html = await page.content();
  const log = JSON.stringify(await events()) + consoleLines.join("\n");
  for (const marker of fx.dcc.markers) {
    assert.ok(!html.includes(marker), `${marker} is not on the page`);
    assert.ok(!log.includes(marker), `${marker} is not logged`);
  }
  for (const personal of ["Mustermann", "MUSTERMANN", "1964-08-12", "Gabriele"]) assert.ok(!log.includes(personal), `${personal} is not logged`);
});
