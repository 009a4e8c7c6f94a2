// Lists from the province: the folder `qrpass publish` writes, served from
// config.json's `listsBaseUrl`. The index first, then what `Checkpoint.wanted`
// names (trust list, DSC list, revocation delta or full list, policies; the
// DSC list only for the DCC module's Checkpoint, which can take it), each checked
// against its SHA-256 in the index and offered; the response's Date header is
// the time hint. The checkpoint decides what to keep: this only fetches.
import { now } from "./clock.js";

// Trust list first (it names the policy signers and may rotate the root that
// signs the DSC list), then the DSC list (type 6), a delta before the full
// revocation list, then policies; a type this page does not know, last.
const ORDER = { 1: 0, 6: 1, 3: 2, 2: 3, 4: 4 };
const rank = (entry) => ORDER[entry.list_type] ?? 9;

async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function get(url) {
  const res = await fetch(url, { cache: "no-store" });
  if (!res.ok) throw Object.assign(new Error(`${url.pathname}: HTTP ${res.status}`), { code: "fetch_failed" });
  return { bytes: new Uint8Array(await res.arrayBuffer()), date: res.headers.get("date") };
}

/** One refresh: resolves to {ok, loaded: [Offered], errors: [code]}. Records
 *  the attempt in the checkpoint (recordRefresh) either way. */
export async function refresh(cp, baseUrl) {
  const base = new URL(baseUrl, location.href);
  const loaded = [];
  const errors = [];
  let ok = true;
  try {
    const index = await get(new URL("index.vn1i", base));
    if (index.date) cp.setTimeHint(new Date(index.date), now());
    const wanted = cp.wanted(index.bytes).sort((a, b) => rank(a) - rank(b));
    let revocationDone = false;
    for (const entry of wanted) {
      if (entry.list_type === 2 && revocationDone) continue;
      try {
        const file = await get(new URL(`${entry.name}?seq=${entry.sequence}`, base));
        if ((await sha256Hex(file.bytes)) !== entry.sha256) {
          // A cache still serving an older file: keep what is held, retry later.
          throw Object.assign(new Error(`${entry.name}: not the file the index names`), { code: "stale_cache" });
        }
        const offered = cp.offer(file.bytes);
        loaded.push(offered);
        if (entry.list_type === 3 || entry.list_type === 2) revocationDone = true;
      } catch (e) {
        // A delta that does not apply is replaced by the full list (TRUST.md §9.8).
        if (entry.list_type === 3 && e.code === "revocation_delta_mismatch") continue;
        ok = false;
        errors.push(e.code ?? "error");
      }
    }
  } catch (e) {
    ok = false;
    errors.push(e.code ?? (e instanceof TypeError ? "offline" : "error"));
  }
  cp.recordRefresh(ok, now());
  return { ok, loaded, errors };
}
