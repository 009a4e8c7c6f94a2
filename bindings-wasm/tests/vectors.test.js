// Every file of spec/vectors through the WebAssembly package, in node:
//   node --test bindings-wasm/tests/   (after bash scripts/build-wasm.sh)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import * as qrpass from "../npm/index.js";

// Checkpoint, Policy, IdCard and bind live in the lazily loaded checkpoint
// module, with its own Verifier and TrustAnchor for Policy.check.
const cp = await qrpass.checkpoint();
const { Checkpoint, Policy, IdCard, bind } = cp;

const dir = new URL("../../spec/vectors/", import.meta.url);
const read = (name) => JSON.parse(readFileSync(new URL(name, dir), "utf8"));
const index = read("index.json");
const file = (f) => ("hex" in f ? Uint8Array.from(Buffer.from(f.hex, "hex")) : f.text);

test("the index lists exactly the package's error codes", () => {
  assert.deepEqual(index.error_codes, qrpass.errorCodes());
});

test("every code's error carries the family the index gives it", () => {
  for (const code of index.error_codes) {
    const e = qrpass.errorForCode(code);
    assert.ok(e instanceof Error, code);
    assert.deepEqual([e.code, e.family], [code, index.code_families[code]]);
  }
  assert.throws(() => qrpass.errorForCode("no_such_code"), (e) => e.code === "invalid_argument");
});

test("token vectors", () => {
  assert.ok(index.vectors.length >= 40);
  for (const name of index.vectors) {
    const v = read(`${name}.json`);
    const verifier = new qrpass.Verifier(v.trust, {
      clockSkew: v.clock_skew_seconds,
      revokedCtis: v.revoked_ctis,
    });
    if (v.expected.outcome === "valid") {
      assert.deepEqual(verifier.verify(v.text, v.at), v.expected.verified, name);
    } else {
      assert.throws(
        () => verifier.verify(v.text, v.at),
        (e) => e instanceof Error && e.code === v.expected.code && e.name === "QrpassError",
        name,
      );
    }
    const [many] = verifier.verifyMany([v.text], v.at);
    assert.equal(many.outcome, v.expected.outcome, name);
    assert.equal(many.code, v.expected.code ?? null, name);
  }
});

test("trust-list and revocation-list vectors", () => {
  assert.ok(index.trust_vectors.length >= 15);
  for (const name of index.trust_vectors) {
    const v = read(`${name}.json`);
    const anchor = new qrpass.TrustAnchor(v.root_public_key, {
      minSequence: v.min_sequence,
      minRevocationSequence: v.min_revocation_sequence,
    });
    v.steps.forEach((step, i) => {
      let got;
      if (step.load) {
        const load = step.load === "trust_list" ? "loadTrustList" : "loadRevocationList";
        try {
          got = anchor[load](file(step.file));
        } catch (e) {
          got = { outcome: "rejected", code: e.code };
        }
      } else {
        try {
          const verified = anchor.verifier(v.clock_skew_seconds).verify(step.verify, step.at);
          const t = verified.trust ?? {};
          got = {
            outcome: "valid",
            trust_list_sequence: t.trust_list?.sequence ?? null,
            trust_list_stale: t.trust_list?.stale ?? false,
            revocation_list_sequence: t.revocation_list?.sequence ?? null,
            revocation_list_stale: t.revocation_list?.stale ?? false,
          };
        } catch (e) {
          got = { outcome: "invalid", code: e.code };
        }
      }
      assert.deepEqual(got, step.expected, `${name} step ${i}`);
    });
    assert.equal(anchor.root, v.final.root_public_key, name);
    assert.equal(anchor.trustSequence ?? null, v.final.trust_list_sequence, name);
    assert.equal(anchor.revocationSequence ?? null, v.final.revocation_list_sequence, name);
  }
});

test("policy vectors", () => {
  assert.ok(index.policy_vectors.length >= 10);
  for (const name of index.policy_vectors) {
    const v = read(`${name}.json`);
    const anchor = new cp.TrustAnchor(v.root_public_key);
    anchor.loadTrustList(file(v.trust_list));
    if (v.revocation_list) anchor.loadRevocationList(file(v.revocation_list));
    const verifier = anchor.verifier(v.clock_skew_seconds);
    const options = { area: v.area ?? undefined, at: v.at, idCard: v.id_card ?? undefined };
    const decision = new Policy(v.policy).check(verifier, v.text, options);
    assert.equal(decision.outcome, v.expected.decision, name);
    assert.deepEqual(decision.codes, v.expected.reasons, name);
    assert.deepEqual(decision.view, v.expected.view, name);
  }
});

test("ID card vectors", () => {
  assert.ok(index.id_card_vectors.length >= 15);
  for (const name of index.id_card_vectors) {
    const v = read(`${name}.json`);
    if ("error" in v.expected) {
      assert.throws(() => IdCard.parse(v.text), (e) => e.code === v.expected.error && e.family === "format", name);
    } else {
      assert.deepEqual(IdCard.parse(v.text).toJSON(), v.expected.card, name);
    }
  }
});

test("checkpoint vectors", () => {
  assert.equal(index.checkpoint_vectors.length, 9);
  for (const name of index.checkpoint_vectors) {
    const v = read(`${name}.json`);
    let cp = new Checkpoint(v.root_public_key, v.checkpoint_id, v.area);
    const rejected = (e, before) => ({
      outcome: "rejected",
      code: e.code,
      state_unchanged: Buffer.from(cp.save()).equals(Buffer.from(before)),
    });
    v.steps.forEach((step, i) => {
      let got;
      if ("offer" in step) {
        const before = cp.save();
        try {
          got = cp.offer(file(step.offer));
        } catch (e) {
          got = rejected(e, before);
        }
      } else if ("check" in step) {
        const d = cp.check(step.check, { at: step.at, idCard: step.id_card ?? undefined });
        got = { outcome: d.outcome, codes: d.codes, policy: d.policy };
      } else if ("status" in step) {
        const s = cp.status(step.status);
        got = {
          states: s.artifacts.map((a) => [a.kind, a.id ?? null, a.state]),
          next_refresh_at: s.next_refresh_at,
          clock_behind: s.clock_behind,
          clock_suspect: s.clock_suspect,
          policy_in_force: s.policy_in_force,
        };
      } else if ("set_area" in step) {
        cp.setArea(step.set_area);
      } else if ("time_hint" in step) {
        cp.setTimeHint(step.time_hint[0], step.time_hint[1]);
      } else if ("save_restore" in step) {
        const saved = cp.save();
        cp = Checkpoint.restore(saved);
        got = { same_bytes: Buffer.from(cp.save()).equals(Buffer.from(saved)) };
      } else {
        const before = cp.save();
        try {
          Checkpoint.restore(file(step.restore));
          got = { outcome: "restored" };
        } catch (e) {
          got = rejected(e, before);
        }
      }
      if (got !== undefined) assert.deepEqual(got, step.expected, `${name} step ${i}`);
    });
    assert.equal(JSON.parse(cp.tallyJson()).total, v.final.tally_total, name);
  }
});
