// Rendering: the decision, the card prompt, the lists and the tally. Each takes
// what the core returned and the language; nothing here decides anything.
import { DCC_TEXT, TEXT } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const ICONS = { allow: "✓", review: "!", deny: "✕" };

function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function fmtTime(s, lang) {
  return new Date(s).toLocaleString(lang === "vi" ? "vi-VN" : "en-GB", { timeZone: "Asia/Ho_Chi_Minh", dateStyle: "short", timeStyle: "short" });
}

/** The sentence for a view's `holder` member (SPEC.md §13.3), or null. */
export function holderText(holder, t) {
  if (!holder) return null;
  if (holder.result === "missing") return t.holderMissing;
  if (holder.result === "mismatch") return t.holderMismatch;
  if (holder.result === "marks_only") return t.holderMarks;
  return holder.id === "old_id_match" ? t.holderOld : t.holderMatch;
}

/** Shows a decision (what Checkpoint.check returned); returns the words to announce. */
export function showDecision(decision, lang) {
  const t = TEXT[lang];
  const view = decision.view;
  const outcome = view.decision;
  $("result").hidden = false;
  $("result").dataset.outcome = outcome;
  const button = $("decision");
  button.className = `decision ${outcome}`;
  button.dataset.outcome = outcome;
  $("decision-icon").textContent = ICONS[outcome];
  $("decision-word").textContent = t[outcome];
  const holder = holderText(view.holder, t);
  $("holder").hidden = !holder;
  $("holder").textContent = holder ?? "";
  $("holder").dataset.result = view.holder?.result ?? "";
  const rows = [];
  if (view.kind) rows.push([t.kind, t.kinds[view.kind] ?? view.kind]);
  if (view.name) rows.push([t.name, view.name]);
  if (view.id_masked) rows.push([t.id, view.id_masked]);
  if (view.holder?.card_id_masked) rows.push([t.card, view.holder.card_id_masked]);
  if (view.valid_from) rows.push([t.from, fmtTime(view.valid_from, lang)]);
  if (view.valid_until) rows.push([t.until, fmtTime(view.valid_until, lang)]);
  if (view.issuer) rows.push([t.issuer, view.issuer]);
  if (decision.policy) rows.push([t.policy, `${decision.policy.id}${decision.policy.sequence != null ? ` #${decision.policy.sequence}` : ""}`]);
  $("details").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", k), el("dd", v)]));
  $("reasons").replaceChildren(...view.reasons.map((r) => el("li", r[lang], { "data-code": r.code })));
  const first = view.reasons.find((r) => r.outcome === outcome) ?? view.reasons[0];
  return [t[outcome], holder, first?.[lang]].filter(Boolean).join(". ");
}

/** The prompt for the holder's ID card, naming whose pass is waiting. */
export function showCardPrompt(view, lang) {
  const t = TEXT[lang];
  $("card-prompt").hidden = false;
  $("card-for").textContent = view.name ? `${t.cardFor}: ${view.name}` : "";
  return t.cardPrompt;
}

/** The lists screen from Checkpoint.status() and the last refresh. */
export function showLists(status, info, lang) {
  const t = TEXT[lang];
  $("network").textContent = info.online ? t.online : t.offline;
  $("network").dataset.online = String(info.online);
  const p = status.policy_in_force;
  $("policy-in-force").textContent = `${t.policyInForce}: ${p.id}${p.sequence != null ? ` #${p.sequence}` : ""}${p.signed ? "" : " (local)"}`;
  $("artifacts").tBodies[0].replaceChildren(...status.artifacts.map((a) => {
    const tr = el("tr", undefined, { "data-kind": a.kind, "data-state": a.state });
    const name = (t.artifacts[a.kind] ?? a.kind) + (a.id ? ` ${a.id}` : "");
    tr.append(el("td", name), el("td", a.sequence ?? "—"), el("td", a.age_seconds == null ? "—" : t.ago(Math.max(0, a.age_seconds))),
      el("td", t.states[a.state] ?? a.state, { class: `state ${a.state}` }));
    return tr;
  }));
  const warnings = [];
  if (status.clock_behind) warnings.push(t.clockBehind);
  if (status.clock_suspect) warnings.push(t.clockSuspect);
  if (status.drift_seconds != null && Math.abs(status.drift_seconds) > 60) warnings.push(t.drift(status.drift_seconds));
  $("clock-warnings").replaceChildren(...warnings.map((w) => el("li", w)));
  const act = status.policy_actions;
  $("policy-actions").replaceChildren(...(act ? [
    [t.staleTrust, act.stale_trust_list], [t.staleRevocation, act.stale_revocation_list],
    [t.clockBehindAction, act.clock_behind],
    ...(act.max_drift_seconds > 0 ? [[t.driftAction(act.max_drift_seconds), act.clock_drift]] : []),
  ] : []).map(([what, outcome]) => el("li", `${what} → ${t[outcome]}`, { "data-outcome": outcome })));
  $("refresh-times").textContent = [
    info.lastFetch ? `${t.lastFetch}: ${fmtTime(info.lastFetch, lang)}` : null,
    `${t.nextRefresh}: ${fmtTime(status.next_refresh_at, lang)}`,
  ].filter(Boolean).join(" · ");
  const bad = status.artifacts.filter((a) => a.state === "stale" || a.state === "expired" || a.state === "missing");
  $("list-warning").hidden = bad.length === 0 && warnings.length === 0;
  $("list-warning").textContent = [
    ...bad.map((a) => `${t.artifacts[a.kind] ?? a.kind}${a.id ? ` ${a.id}` : ""}: ${t.states[a.state]}`),
    ...warnings,
  ].join(" · ");
}

/** The tally screen from Checkpoint.tallyJson(): sums by outcome and by kind. */
export function showTally(tally, lang) {
  const t = TEXT[lang];
  $("tally-total").textContent = String(tally.total);
  const sum = (key) => {
    const out = new Map();
    for (const r of tally.rows) out.set(r[key], (out.get(r[key]) ?? 0) + r.count);
    return out;
  };
  const outcomes = sum("outcome");
  $("tally-outcomes").replaceChildren(...["allow", "review", "deny"].map((o) =>
    el("li", `${ICONS[o]} ${t[o]}: ${outcomes.get(o) ?? 0}`, { "data-outcome": o, class: `count ${o}` })));
  $("tally-kinds").replaceChildren(...[...sum("kind")].map(([k, n]) =>
    el("li", `${t.kinds[k] ?? k}: ${n}`, { "data-kind": k })));
}

/** Shows a DCC decision (what the DCC module's Checkpoint.check returned on an
 *  HC1: text): only what its view holds, i.e. name, date of birth and the
 *  statement summary, with the prompt to compare the first two with the
 *  passport; returns the words to announce. */
export function showDccDecision(decision, lang) {
  const t = TEXT[lang];
  const d = DCC_TEXT[lang];
  const view = decision.view;
  const outcome = view.decision;
  $("result").hidden = false;
  $("result").dataset.outcome = outcome;
  const button = $("decision");
  button.className = `decision ${outcome}`;
  button.dataset.outcome = outcome;
  $("decision-icon").textContent = ICONS[outcome];
  $("decision-word").textContent = t[outcome];
  // A DCC that failed verification has no name: nothing of it is shown.
  const verified = typeof view.name === "string";
  $("holder").hidden = !verified;
  $("holder").textContent = verified ? d.comparePassport : "";
  $("holder").dataset.result = verified ? "passport" : "";
  const rows = [[t.kind, d.kind]];
  if (verified) rows.push([t.name, view.name], [d.dob, view.dob || d.dobEmpty], [d.statement, (lang === "vi" && view.statement_vi) || view.statement]);
  if (decision.policy) rows.push([t.policy, `${decision.policy.id}${decision.policy.sequence != null ? ` #${decision.policy.sequence}` : ""}`]);
  $("details").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", k), el("dd", v)]));
  const sentence = (r) => (r.code === "pass_valid" ? d.valid : r[lang]);
  $("reasons").replaceChildren(...view.reasons.map((r) => el("li", sentence(r), { "data-code": r.code })));
  const first = view.reasons.find((r) => r.outcome === outcome) ?? view.reasons[0];
  return [t[outcome], verified ? d.comparePassport : null, first && sentence(first)].filter(Boolean).join(". ");
}
