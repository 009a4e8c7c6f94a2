// Lists from the province: the folder `qrpass publish` writes, served from
// config.json's `listsBaseUrl`. The index first, then what `Checkpoint.wanted`
// names (trust list, revocation delta or full list, policies), each checked
// against its SHA-256 in the index and offered; the response's Date header is
// the time hint. The checkpoint decides what to keep: this only fetches.
import { now } from "./clock.js";

// Trust list first (it names the policy signers), then a delta before the
// full revocation list, then policies.
const ORDER = { 1: 0, 3: 1, 2: 2, 4: 3 };

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
    const wanted = cp.wanted(index.bytes).sort((a, b) => ORDER[a.list_type] - ORDER[b.list_type]);
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
