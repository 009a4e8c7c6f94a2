// EU Digital COVID Certificates (HC1:) at the checkpoint. Nothing here runs
// until the core's `classify` says a scanned text is a DCC: then the DCC
// module (qrpass/dist/dcc) is loaded, the DSC list that config.json names
// (`dccTrustUrl`) is fetched — or, offline, the last good copy kept in
// IndexedDB is used — and the core verifies and decides with the DCC rules
// (`dccPolicy`). The page only shows the result: name, date of birth and the
// statement summary, the officer comparing the first two with the passport.
//
// The DSC list is a plain certificate file (PEM, DER, base64 or the JSON
// `[{kid, certificate}]` list national backends publish), not yet a list
// signed by the national root: until the Checkpoint holds DSC lists, the
// page trusts what `dccTrustUrl` serves (see README).
import * as qrpass from "./qrpass/index.js";
import * as store from "./store.js";

const KEY = "dsc-list";
let state = null; // {verifier, policy, count, source} once loaded

async function fetchBytes(url) {
  const res = await fetch(new URL(url, location.href), { cache: "no-store" });
  if (!res.ok) throw Object.assign(new Error(`${url}: HTTP ${res.status}`), { code: "fetch_failed" });
  return new Uint8Array(await res.arrayBuffer());
}

/** A verifier for `bytes`, which are kept in IndexedDB once they parse. */
function fromBytes(m, bytes, config) {
  const list = m.DscList.fromBytes(bytes);
  const skew = config.dccClockSkewSeconds;
  return { verifier: new m.DccVerifier(list, skew == null ? {} : { clockSkew: skew }), count: list.length };
}

/** Loads the DCC module, the DSC list and the rules once (network first, then the saved copy). */
async function ensure(config) {
  if (state) return state;
  const m = await qrpass.dcc();
  const policy = new m.DccPolicy(config.dccPolicy ?? { default: {} });
  let loaded = null;
  let error = null;
  if (config.dccTrustUrl) {
    try {
      const bytes = await fetchBytes(config.dccTrustUrl);
      loaded = { ...fromBytes(m, bytes, config), source: "network" };
      await store.save(KEY, bytes);
    } catch (e) {
      error = e.code ?? (e instanceof TypeError ? "offline" : "error");
    }
  }
  if (!loaded) {
    const saved = await store.load(KEY).catch(() => undefined);
    if (saved) loaded = { ...fromBytes(m, saved, config), source: "saved" };
  }
  if (!loaded) throw Object.assign(new Error(`no DSC list (${error ?? "dccTrustUrl not set"})`), { code: "bad_trust_list" });
  state = { ...loaded, policy, module: m };
  return state;
}

/** On each list refresh, once DCCs have been met: fetches the DSC list again
 *  and replaces the one in use only when the new file parses. Resolves to
 *  {ok, count} or {ok: false, error}; does nothing before the first DCC. */
export async function refreshDscList(config) {
  if (!state || !config.dccTrustUrl) return null;
  try {
    const bytes = await fetchBytes(config.dccTrustUrl);
    const next = fromBytes(state.module, bytes, config);
    state.verifier.free();
    state = { ...state, ...next, source: "network" };
    await store.save(KEY, bytes);
    return { ok: true, count: next.count };
  } catch (e) {
    return { ok: false, error: e.code ?? (e instanceof TypeError ? "offline" : "error") };
  }
}

/** Verifies and decides on an `HC1:` text at `at`: the core's
 *  {outcome, codes, view}; a DCC that fails verification is denied with its
 *  code (view: decision and reasons only). */
export async function checkDcc(text, config, at) {
  const s = await ensure(config);
  const checked = s.policy.check(s.verifier, text, { at });
  return { format: "hc1", outcome: checked.outcome, codes: checked.codes, view: checked.view, dscCount: s.count, dscSource: s.source };
}
