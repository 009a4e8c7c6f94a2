// The checkpoint app: the camera stays on; each code is routed by the core's
// `classify` (a pass to the decision, an ID card to holder binding, a signed
// list to Checkpoint.offer); the lists come from the province and the state
// lives in IndexedDB. Every decision is the core's (Checkpoint.check, EU
// DCCs included): the page only routes codes, shows the result and keeps time.
//
// The Checkpoint comes from the checkpoint module, or, when config.json says
// `"dcc": true`, from the EU DCC module, whose Checkpoint is the same class
// over core with `dcc`: it also holds the province's root-signed DSC list
// (dsc.vn1d in the publication index, fetched like the other lists) and
// decides HC1: texts by the policy's `dcc` rules. One state, one module; a
// page without `dcc` never fetches the DCC module.
// lazy.js, not index.js: the checkpoint (or DCC) module carries classify and
// everything else this page needs, so the verifier module is never fetched.
import * as qrpass from "./qrpass/lazy.js";
import { now } from "./clock.js";
import { signal, unlockAudio } from "./feedback.js";
import { DCC_TEXT, TEXT } from "./i18n.js";
import { refresh } from "./lists.js";
import { CameraScanner } from "./scanner.js";
import * as store from "./store.js";
import { showCardPrompt, showDccDecision, showDecision, showLists, showTally } from "./views.js";

const $ = (id) => document.getElementById(id);
const STATE_KEY = "checkpoint";
const test = globalThis.__qrpassTest ?? null;

let lang = localStorage.getItem("qrpass.lang") || "vi";
let config = {};
let cp = null;
/** What a scanned text is: the loaded checkpoint or DCC module's classify. */
let classify = null;
let scanner = null;
let screen = "scan";
/** The pass waiting for its holder's card: {text, view} or null. */
let pending = null;
let lastDecision = null;
let returnTimer = null;
const recent = new Map(); // code text → time last handled (ms), for the re-scan window
const net = { online: navigator.onLine, lastFetch: null, busy: false };

const t = () => TEXT[lang];
const event = (e) => test?.events?.push({ t: performance.now(), ...e });

function notice(text) {
  $("notice").textContent = text;
}

async function persist() {
  await store.save(STATE_KEY, cp.save());
}

// ---- queue mode --------------------------------------------------------------

/** Whether `text` was in view within the re-scan window (then it is ignored):
 *  a code held in front of the camera is handled once, however long it stays. */
function seenRecently(text) {
  const ms = performance.now();
  const windowMs = (config.rescanWindowSeconds ?? 10) * 1000;
  for (const [k, at] of recent) if (ms - at > windowMs) recent.delete(k);
  const seen = recent.has(text);
  recent.set(text, ms);
  return seen;
}

function onCodes(texts, frame) {
  for (const text of texts) {
    event({ type: "code", kind: classify(text), frame: frame?.id });
    handle(text, { fromCamera: true });
  }
}

/** Routes one scanned or pasted text by its kind. */
function handle(text, { fromCamera = false } = {}) {
  text = text.trim();
  if (fromCamera && seenRecently(text)) return;
  const kind = classify(text);
  if (kind === "pass") return onPass(text);
  if (kind === "id_card") return onCard(text);
  // A DSC list (VN1D:) is "other_signed" to classify: the checkpoint decides.
  if (kind === "trust_list" || kind === "revocation_list" || kind === "policy" || kind === "other_signed") return offer(text);
  if (kind === "eu_dcc") return onDcc(text);
  notice(t().notQrpass);
  event({ type: "ignored", kind });
}

function onPass(text) {
  // First without counting: the view's holder says whether the policy wants a card.
  const first = cp.check(text, { at: now(), count: false });
  if (first.view.holder?.result === "missing") {
    pending = { text, view: first.view };
    clearResult();
    document.body.dataset.phase = "card";
    const spoken = showCardPrompt(first.view, lang);
    signal("review", spoken);
    event({ type: "card_prompt" });
    return;
  }
  decide(text);
}

function onCard(cardText) {
  if (!pending) {
    notice(t().cardWithoutPass);
    event({ type: "ignored", kind: "id_card" });
    return;
  }
  decide(pending.text, cardText);
}

/** The counted decision for a pass (with the holder's card when scanned) or
 *  an EU DCC (format "hc1": its view holds name, date of birth, statement). */
function decide(text, idCard) {
  pending = null;
  $("card-prompt").hidden = true;
  const format = classify(text) === "eu_dcc" ? "hc1" : "vn1";
  const decision = { ...cp.check(text, idCard ? { at: now(), idCard } : { at: now() }), format };
  lastDecision = decision;
  notice("");
  const spoken = (format === "hc1" ? showDccDecision : showDecision)(decision, lang);
  document.body.dataset.phase = "result";
  signal(decision.view.decision, spoken);
  event({ type: "decision", format, outcome: decision.view.decision, holder: decision.view.holder?.result ?? null, codes: decision.codes, policy: decision.policy.id });
  persist();
  clearTimeout(returnTimer);
  returnTimer = setTimeout(backToScanning, (config.autoReturnSeconds ?? 4) * 1000);
}

/** An EU DCC: decided by the checkpoint when config.json enables DCCs (the
 *  DCC module's Checkpoint), else only a notice, nothing decided or counted. */
function onDcc(text) {
  if (config.dcc !== true) {
    notice(DCC_TEXT[lang].disabled);
    event({ type: "dcc_unavailable", code: "dcc_unsupported" });
    return;
  }
  decide(text);
}

function clearResult() {
  $("result").hidden = true;
  lastDecision = null;
}

/** Back to the scanning view: after a few seconds, or at once on a tap. */
function backToScanning() {
  clearTimeout(returnTimer);
  clearResult();
  document.body.dataset.phase = pending ? "card" : "scan";
  event({ type: "ready" });
}

function skipCard() {
  if (pending) decide(pending.text);
}

// ---- lists ---------------------------------------------------------------------

function offer(input) {
  try {
    const o = cp.offer(input);
    const label = t().artifacts[o.kind === "revocation_delta" ? "revocation_list" : o.kind] ?? o.kind;
    const text = o.outcome === "unchanged" ? t().unchanged : t().offered(label, o.sequence);
    notice(text);
    $("list-status").textContent = text;
    event({ type: "offered", ...o });
    persist();
  } catch (e) {
    const text = `${t().refused}: ${e.code ?? ""} ${e.message}`;
    notice(text);
    $("list-status").textContent = text;
    event({ type: "refused", code: e.code });
  }
  render();
}

async function refreshLists() {
  if (!config.listsBaseUrl || net.busy) return;
  net.busy = true;
  try {
    const r = await refresh(cp, config.listsBaseUrl);
    net.online = r.ok || !r.errors.includes("offline");
    if (r.ok) net.lastFetch = now();
    $("list-status").textContent = r.ok ? (r.loaded.length ? t().fetched(r.loaded.length) : t().upToDate) : `${t().fetchFailed}: ${r.errors.join(", ")}`;
    event({ type: "refresh", ok: r.ok, loaded: r.loaded.map((o) => o.kind), errors: r.errors });
    await persist();
  } finally {
    net.busy = false;
    render();
  }
}

/** Once a second: refresh when the checkpoint says it is time, and keep ages current. */
function tick() {
  if (new Date(cp.status(now()).next_refresh_at) <= now()) refreshLists();
  if (screen === "lists") render();
}

// ---- screens -------------------------------------------------------------------

function render() {
  const status = cp.status(now());
  showLists(status, net, lang);
  if (screen === "tally") showTally(JSON.parse(cp.tallyJson()), lang);
}

function show(name) {
  screen = name;
  for (const s of ["scan", "tally", "lists"]) $(`screen-${s}`).hidden = s !== name;
  for (const b of document.querySelectorAll(".tab")) {
    if (b.dataset.screen === name) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
  document.body.dataset.screen = name;
  render();
}

function applyLanguage() {
  document.documentElement.lang = lang;
  $("lang").textContent = t().lang;
  $("lang").lang = lang === "vi" ? "en" : "vi";
  for (const e of document.querySelectorAll("[data-i18n]")) {
    const v = t()[e.dataset.i18n];
    if (typeof v === "string") e.textContent = v;
  }
  $("camera").textContent = scanner?.running ? t().stop : t().start;
  $("scan-status").textContent = scanner?.running ? t().scanning : t().idle;
  if (lastDecision) (lastDecision.format === "hc1" ? showDccDecision : showDecision)(lastDecision, lang);
  if (pending) showCardPrompt(pending.view, lang);
  render();
}

async function toggleCamera() {
  unlockAudio();
  if (scanner.running) {
    scanner.stop();
  } else {
    try {
      await scanner.start();
    } catch (e) {
      notice(`${t().cameraError}: ${e.message}`);
    }
  }
  applyLanguage();
}

function exportCsv() {
  const blob = new Blob([cp.tallyCsv()], { type: "text/csv" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `qrpass-tally-${config.checkpointId}-${now().toISOString().slice(0, 10)}.csv`;
  a.click();
  URL.revokeObjectURL(a.href);
}

async function loadFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (file.type.startsWith("image/")) {
    for (const text of await qrpass.scanImage(bytes)) handle(text);
  } else {
    offer(bytes);
  }
}

function wire() {
  $("lang").addEventListener("click", () => {
    lang = lang === "vi" ? "en" : "vi";
    localStorage.setItem("qrpass.lang", lang);
    applyLanguage();
  });
  for (const b of document.querySelectorAll(".tab")) b.addEventListener("click", () => show(b.dataset.screen));
  $("camera").addEventListener("click", toggleCamera);
  $("decision").addEventListener("click", backToScanning);
  $("no-card").addEventListener("click", skipCard);
  $("refresh").addEventListener("click", refreshLists);
  $("list-file").addEventListener("change", (e) => e.target.files[0] && loadFile(e.target.files[0]));
  $("paste-form").addEventListener("submit", (e) => {
    e.preventDefault();
    handle($("paste").value);
    $("paste").value = "";
  });
  $("export").addEventListener("click", exportCsv);
  $("reset").addEventListener("click", () => $("reset-dialog").showModal());
  $("reset-cancel").addEventListener("click", () => $("reset-dialog").close());
  $("reset-confirm").addEventListener("click", async () => {
    cp.resetTally();
    $("reset-dialog").close();
    await persist();
    render();
  });
  addEventListener("online", () => { net.online = true; refreshLists(); });
  addEventListener("offline", () => { net.online = false; render(); });
}

/** The saved checkpoint, or a new one for config.json's root: from the DCC
 *  module when config.json enables DCCs (it restores a state the checkpoint
 *  module saved, and the checkpoint module one it saved, without its DSC list). */
async function openCheckpoint() {
  const m = config.dcc === true ? await qrpass.dcc() : await qrpass.checkpoint();
  classify = m.classify;
  const { Checkpoint } = m;
  const saved = await store.load(STATE_KEY).catch(() => undefined);
  if (saved) {
    try {
      const restored = Checkpoint.restore(saved);
      event({ type: "restored" });
      return restored;
    } catch (e) {
      notice(`${e.code}: ${e.message}`);
    }
  }
  return new Checkpoint(config.rootPublicKey, config.checkpointId ?? "web-checker", config.area ?? null);
}

async function main() {
  config = await (await fetch("config.json")).json();
  if (!config.rootPublicKey) throw Object.assign(new Error("config.json names no rootPublicKey"), { code: "bad_key" });
  cp = await openCheckpoint();
  cp.setArea(config.area ?? null);
  cp.setLocalPolicy(config.policy ?? null);
  scanner = new CameraScanner($("video"), {
    onCodes,
    onRestart: () => {
      notice(t().restarted);
      event({ type: "restart" });
    },
  });
  wire();
  applyLanguage();
  show("scan");
  globalThis.qrpassApp = { stats: () => scanner.stats, refresh: refreshLists, ...(test ? { forceTrap: () => scanner.forceTrap(), slow: (ms) => scanner.slow(ms) } : {}) };
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("sw.js").then(() => navigator.serviceWorker.ready)
      .then(() => { document.body.dataset.offlineReady = "true"; });
  }
  document.body.dataset.ready = "true";
  await refreshLists();
  setInterval(tick, 1000);
}

main().catch((e) => {
  notice(`${e.code ?? "error"}: ${e.message}`);
  document.body.dataset.failed = "true";
});
