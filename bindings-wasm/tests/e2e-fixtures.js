// Fixtures of the web checker's end-to-end test, made with the qrpass CLI at
// fixed times (keys are fresh each run; every time, token id and sequence is
// fixed): a root, an issuer in a signed trust list, permits, ID card texts,
// two signed policies, revocation lists, `qrpass publish` folders, the
// Y4M video of Chromium's fake camera, and EU DCCs from testdata/dgc with
// their document-signer certificates in a DSC list signed by the root
// (`qrpass dsc-list sign`, published as dsc.vn1d) and in one signed by another key.
import { execFileSync } from "node:child_process";
import { createPublicKey } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";

export const T0 = Date.parse("2021-09-15T08:00:00+07:00");
export const HOUR = 3600e3;
const iso = (ms) => new Date(ms).toISOString().replace(".000Z", "Z");

/** The people: A and B hold permits; C is someone else with a card; R's
 *  permit is revoked later. The cards' address and issue date (MARKERADDR,
 *  20072021) must never reach the page. */
export const PEOPLE = {
  A: { name: "Nguyễn Văn An", number: "079201001234", card: "079201001234|123456789|Nguyễn Văn An|15032001|Nam|MARKERADDR 12 Phố Huế|20072021" },
  B: { name: "Trần Thị Bình", number: "001302005678" },
  C: { card: "079099001111||Lê Văn Cường|01011999|Nam|MARKERADDR 9 Lý Thường Kiệt|20072021" },
  R: { name: "Phạm Văn Rớt", number: "079088002222" },
};

export function makeFixtures(cli, dir, repo) {
  const run = (...args) => execFileSync(cli, args, { encoding: "utf8" }).trim();
  const f = (name) => join(dir, name);
  run("trust", "root-keygen", "--out", dir);
  const der = createPublicKey(readFileSync(f("root.pub.pem"))).export({ type: "spki", format: "der" });
  const rootHex = der.subarray(der.length - 32).toString("hex");
  run("keygen", "--issuer", "VN-HN", "--out", dir, "--valid-from", "2021-01-01T00:00:00+07:00");
  run("trust", "new", f("trust-src.json"));
  run("trust", "add", f("trust-src.json"), "--issuer", "VN-HN", "--public-key", f("VN-HN.pub.pem"), "--valid-from", "2021-01-01T00:00:00+07:00");
  run("trust", "sign", f("trust-src.json"), "--root", f("root.key.pem"), "--out", f("trust.bin"), "--at", iso(T0 - HOUR), "--valid-days", "7");

  const template = JSON.parse(readFileSync(join(repo, "spec/examples/permit.json"), "utf8"));
  const tokens = {};
  for (const [who, cti] of [["A", "a1"], ["B", "b2"], ["R", "c3"]]) {
    const p = structuredClone(template);
    p.holder = { name: PEOPLE[who].name, id: { kind: "cccd", number: PEOPLE[who].number } };
    p.areas = ["01.001"];
    p.validity = { from: "2021-09-01T00:00:00+07:00", until: "2021-09-30T23:59:59+07:00" };
    writeFileSync(f(`permit-${who}.json`), JSON.stringify(p));
    tokens[who] = run("issue", "--key", f("VN-HN.key.pem"), "--issuer", "VN-HN", "--iat", "2021-09-10T08:00:00+07:00", "--cti", cti, f(`permit-${who}.json`));
    writeFileSync(f(`token-${who}.txt`), tokens[who]);
  }

  // The province's policy: every kind, the holder's card for a permit, and
  // rules for EU DCCs (applied by the DCC module's Checkpoint only).
  const dccRules = { default: { vaccination: { full_course: true, min_days: 14, max_days: 365 }, test: { naa_hours: 72 }, recovery: true } };
  writeFileSync(f("base.json"), JSON.stringify({ format: 1, name: "Hà Nội", accept: ["permit", "declaration", "infection_status", "support_entitlement"], holder: { require_card: ["permit"] }, dcc: dccRules }));
  // A curfew from T0+2h to T0+4h: permits are not accepted.
  writeFileSync(f("curfew.json"), JSON.stringify({ format: 1, name: "Giới nghiêm", accept: ["declaration"] }));
  const at = iso(T0 - HOUR);
  run("policy", "sign", f("base.json"), "--key", f("root.key.pem"), "--id", "base", "--sequence", "1", "--at", at, "--valid-from", at, "--out", f("base.vn1p"), "--text");
  run("policy", "sign", f("curfew.json"), "--key", f("root.key.pem"), "--id", "curfew", "--sequence", "2", "--at", at,
    "--valid-from", iso(T0 + 2 * HOUR), "--valid-until", iso(T0 + 4 * HOUR), "--out", f("curfew.vn1p"), "--text");
  run("revoke", "--key", f("root.key.pem"), "--out", f("rev1.bin"), "--at", at, "--sequence", "1", "--valid-days", "1", "00ff");
  const site = f("site");
  run("publish", "--out", site, "--root", f("root.key.pem"), "--trust", f("trust.bin"), "--revocation", f("rev1.bin"),
    "--policy", f("base.vn1p"), "--policy", f("curfew.vn1p"), "--sequence", "1", "--at", at);

  for (const [name, text] of [["A", tokens.A], ["B", tokens.B], ["cardA", PEOPLE.A.card], ["cardC", PEOPLE.C.card]]) {
    writeFileSync(f(`${name}.qr.txt`), text);
    run("render", f(`${name}.qr.txt`), "--out", f(`${name}.png`));
  }
  // The fake camera: a permit, its holder's card, another permit, someone else's card.
  y4m(["A", "cardA", "B", "cardC"].map((n) => f(`${n}.png`)), f("camera.y4m"));

  /** A later publication: a delta revoking R's permit (index sequence 2). */
  const publishRevocation = () => {
    const later = iso(T0 + 21 * HOUR);
    run("revoke", "--key", f("root.key.pem"), "--previous", f("rev1.bin"), "--out", f("rev2.bin"), "--delta-out", f("delta2.bin"),
      "--token", f("token-R.txt"), "--at", later, "--valid-days", "1");
    run("publish", "--out", site, "--root", f("root.key.pem"), "--trust", f("trust.bin"), "--revocation", f("rev2.bin"),
      "--delta", f("delta2.bin"), "--policy", f("base.vn1p"), "--policy", f("curfew.vn1p"), "--sequence", "2", "--at", later);
  };
  /** A later publication naming a DSC list (index sequence 3, after
   *  publishRevocation); returns the path of a newer DSC list signed by
   *  another key, which the page must refuse. */
  const publishDscList = () => {
    const later = iso(T0 + 21 * HOUR);
    run("dsc-list", "sign", f("dsc.pem"), "--root", f("root.key.pem"), "--sequence", "1", "--at", later, "--out", f("dsc1.vn1d"), "--text");
    run("publish", "--out", site, "--root", f("root.key.pem"), "--trust", f("trust.bin"), "--revocation", f("rev2.bin"),
      "--delta", f("delta2.bin"), "--policy", f("base.vn1p"), "--policy", f("curfew.vn1p"), "--dsc-list", f("dsc1.vn1d"), "--sequence", "3", "--at", later);
    run("trust", "root-keygen", "--out", f("other"));
    run("dsc-list", "sign", f("dsc.pem"), "--root", f("other/root.key.pem"), "--sequence", "2", "--at", later, "--out", f("stranger.vn1d"), "--text");
    return f("stranger.vn1d");
  };
  return { rootHex, tokens, site, publishRevocation, publishDscList, trustText: readFileSync(join(site, "trust.vn1t"), "utf8"), dcc: dccFixtures(repo, dir) };
}

/** EU DCCs of the dgc-testdata suite: one allowed under the e2e DCC rules at
 *  the page's clock (DE/1: vaccination 2/2), one with a broken signature
 *  (common/CO5), one denied by the rules (AT/1: dose 1 of 2); their DSCs as
 *  PEM (`dsc.pem`, what publishDscList signs). */
function dccFixtures(repo, dir) {
  const dgc = (name) => JSON.parse(readFileSync(join(repo, `testdata/dgc/${name}.json`), "utf8"));
  const files = { allowed: dgc("DE/2DCode/raw/1"), forged: dgc("common/2DCode/raw/CO5"), partial: dgc("AT/2DCode/raw/1") };
  writeFileSync(join(dir, "dsc.pem"), Object.values(files)
    .map((f) => `-----BEGIN CERTIFICATE-----\n${f.TESTCTX.CERTIFICATE}\n-----END CERTIFICATE-----\n`).join(""));
  const texts = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, f.PREFIX]));
  // What the page must never show or log: every field outside name, date of
  // birth and the statement summary (certificate id, issuer, product, maker).
  const markers = [files.allowed, files.partial].flatMap((f) => { const v = f.JSON.v[0]; return [v.ci, v.is, v.mp, v.ma]; });
  return { texts, markers };
}

const W = 640, H = 480, FPS = 15, BLANK = 6, SHOWN = 12;

/** Frames holding a code carry a black 8×8 top-left corner: the page's test
 *  probe reads it to time first-code-frame → decision. */
function y4m(pngFiles, out) {
  const frame = (png) => {
    const y = Buffer.alloc(W * H, 200);
    if (png) {
      const s = Math.max(1, Math.floor(420 / png.width));
      const size = png.width * s;
      const ox = (W - size) >> 1, oy = (H - size) >> 1;
      for (let j = 0; j < size; j++) {
        for (let i = 0; i < size; i++) {
          const p = (Math.floor(j / s) * png.width + Math.floor(i / s)) * 4;
          y[(oy + j) * W + ox + i] = Math.round(0.299 * png.data[p] + 0.587 * png.data[p + 1] + 0.114 * png.data[p + 2]);
        }
      }
      for (let j = 0; j < 8; j++) y.fill(0, j * W, j * W + 8);
    }
    return y;
  };
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const parts = [Buffer.from(`YUV4MPEG2 W${W} H${H} F${FPS}:1 Ip A1:1 C420jpeg\n`)];
  const push = (y, n) => { for (let k = 0; k < n; k++) parts.push(Buffer.from("FRAME\n"), y, chroma); };
  const blank = frame(null);
  for (const file of pngFiles) {
    let png = PNG.sync.read(readFileSync(file));
    if (png.width > 420) png = shrink(png, Math.ceil(png.width / 420));
    push(blank, BLANK);
    push(frame(png), SHOWN);
  }
  push(blank, BLANK);
  writeFileSync(out, Buffer.concat(parts));
}

/** Every k-th pixel (the renderer's modules are k or more pixels wide, so codes stay sharp enough). */
function shrink(png, k) {
  const w = Math.floor(png.width / k), h = Math.floor(png.height / k);
  const data = Buffer.alloc(w * h * 4);
  for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) png.data.copy(data, (j * w + i) * 4, ((j * k) * png.width + i * k) * 4, ((j * k) * png.width + i * k) * 4 + 4);
  return { width: w, height: h, data };
}
