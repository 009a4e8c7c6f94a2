// Type-checked by types.test.js (tsc --noEmit --strict): the package's
// hand-written declarations (npm/index.d.ts, npm/lazy.d.ts) as a user's code
// meets them. Never run.
import { checkpoint, classify, dcc, inspect, issuing, TrustAnchor, Verifier } from "../../npm/index.js";
import { createScanner, readIdCard, scanImage } from "../../npm/lazy.js";

const verified = new Verifier("{}", { clockSkew: 300 }).verify("VN1:...", "2021-09-10T08:00:00+07:00");
const kind: string = verified.pass.kind;
const anchor = new TrustAnchor("00".repeat(32), { minSequence: 1 });
anchor.loadTrustList("VN1T:...");

// The checkpoint module: Checkpoint, Policy, IdCard, bind, and its own Verifier.
const cp = await checkpoint();
const decision = new cp.Policy({ accept: ["permit"] }).check(new cp.TrustAnchor("00").verifier(), "VN1:...", { area: "79.760" });
const outcome: "allow" | "review" | "deny" = decision.outcome;
const card = cp.IdCard.parse("079201001234|...");
const summary: "match" | "marks_only" | "mismatch" = cp.bind(verified, card).summary;
const state: Uint8Array = new cp.Checkpoint("00", "desk-1", null).save();
const sameKind: string = cp.classify("VN1:...") + classify("VN1:...") + (await dcc()).classify("HC1:...");

const { PrivateKey, Issuer } = await issuing();
const token: string = new Issuer(PrivateKey.generate(), "VN-HN").issue("{}");
const scanner = await createScanner({ prepass: true });
const codes = scanner.scanLuma(new Uint8Array(100), 10, 10);
const texts: string[] = await scanImage(new Uint8Array());
const number: string = (await readIdCard(new Uint8Array())).number;
console.log(kind, outcome, summary, state, sameKind, token, codes, texts, number, inspect("VN1:...").kid);
