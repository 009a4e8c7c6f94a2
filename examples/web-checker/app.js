// The web checker: trust list → scan (camera, image) or paste → verify → policy
// decision, shown with the minimal display view in Vietnamese or English.
// Everything runs on the device; the service worker keeps it working offline.
import * as qrpass from "./qrpass/index.js";

const $ = (id) => document.getElementById(id);
const TRUST_KEY = "qrpass.trustList";

const TEXT = {
  vi: {
    title: "Kiểm tra giấy đi đường", noTrust: "Chưa nạp danh sách tin cậy.",
    loadTrust: "Nạp danh sách tin cậy", camera: "Quét bằng máy ảnh", stop: "Dừng máy ảnh",
    image: "Chọn ảnh mã QR", check: "Kiểm tra văn bản",
    offline: "Mọi kiểm tra diễn ra trên máy này; không gửi dữ liệu đi đâu.",
    trusted: (n) => `Danh sách tin cậy: ${n}`, scanning: "Đang quét…", noCode: "Không thấy mã QR trong ảnh.",
    needTrust: "Hãy nạp danh sách tin cậy trước.", badTrust: "Không nạp được danh sách tin cậy",
    cameraError: "Không mở được máy ảnh", ready: "Sẵn sàng dùng ngoại tuyến.",
    allow: "Cho qua", review: "Kiểm tra thêm", deny: "Không cho qua",
    kind: "Loại giấy", name: "Họ và tên", id: "Giấy tờ", from: "Hiệu lực từ", until: "Đến", issuer: "Nơi cấp",
    kinds: { permit: "Giấy đi đường", declaration: "Tờ khai y tế", infection_status: "Tình trạng nhiễm", support_entitlement: "Hỗ trợ" },
  },
  en: {
    title: "Travel permit checker", noTrust: "No trust list loaded.",
    loadTrust: "Load trust list", camera: "Scan with camera", stop: "Stop camera",
    image: "Choose a QR image", check: "Check text",
    offline: "Every check happens on this device; nothing is sent anywhere.",
    trusted: (n) => `Trust list: ${n}`, scanning: "Scanning…", noCode: "No QR code found in the image.",
    needTrust: "Load a trust list first.", badTrust: "Could not load the trust list",
    cameraError: "Could not open the camera", ready: "Ready to work offline.",
    allow: "Allow", review: "Review", deny: "Deny",
    kind: "Pass", name: "Name", id: "ID", from: "Valid from", until: "Until", issuer: "Issuer",
    kinds: { permit: "Travel permit", declaration: "Health declaration", infection_status: "Infection status", support_entitlement: "Support" },
  },
};

let lang = localStorage.getItem("qrpass.lang") || "vi";
let config = { rootPublicKey: null, area: null, policy: null };
let verifier = null;
let trustLabel = null;
let policy = null;
let lastDecision = null;
let stream = null;

const t = (key) => TEXT[lang][key];

function applyLanguage() {
  document.documentElement.lang = lang;
  $("lang").textContent = lang === "vi" ? "EN" : "VI";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  $("trust-status").textContent = trustLabel ? t("trusted")(trustLabel) : t("noTrust");
  $("camera").textContent = stream ? t("stop") : t("camera");
  if (lastDecision) show(lastDecision);
}

function toBase64(bytes) {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** A trust file: plain JSON ({"keys": [...]}) or a signed list (bytes or VN1T: text). */
function loadTrust(bytes) {
  const text = new TextDecoder().decode(bytes.slice(0, 64)).trimStart();
  if (text.startsWith("{")) {
    verifier = new qrpass.Verifier(new TextDecoder().decode(bytes));
    trustLabel = "JSON";
  } else {
    if (!config.rootPublicKey) throw Object.assign(new Error("config.json has no rootPublicKey"), { code: "bad_key" });
    const anchor = new qrpass.TrustAnchor(config.rootPublicKey);
    const loaded = anchor.loadTrustList(bytes);
    verifier = anchor.verifier();
    trustLabel = `#${loaded.sequence}`;
  }
}

function check(text) {
  if (!verifier) {
    $("scan-status").textContent = t("needTrust");
    return;
  }
  const decision = policy.check(verifier, text.trim(), { area: config.area ?? undefined });
  show(decision);
}

function show(decision) {
  lastDecision = decision;
  const view = decision.view;
  $("result").hidden = false;
  const banner = $("decision");
  banner.className = `decision ${view.decision}`;
  banner.dataset.outcome = view.decision;
  banner.textContent = t(view.decision);
  const rows = [];
  const fmt = (s) => new Date(s).toLocaleString(lang === "vi" ? "vi-VN" : "en-GB", { timeZone: "Asia/Ho_Chi_Minh" });
  if (view.kind) rows.push([t("kind"), t("kinds")[view.kind] ?? view.kind]);
  if (view.name) rows.push([t("name"), view.name]);
  if (view.id_masked) rows.push([t("id"), view.id_masked]);
  if (view.valid_from) rows.push([t("from"), fmt(view.valid_from)]);
  if (view.valid_until) rows.push([t("until"), fmt(view.valid_until)]);
  if (view.issuer) rows.push([t("issuer"), view.issuer]);
  $("details").replaceChildren(...rows.flatMap(([k, v]) => {
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = v;
    return [dt, dd];
  }));
  $("reasons").replaceChildren(...view.reasons.map((r) => {
    const li = document.createElement("li");
    li.textContent = r[lang];
    li.dataset.code = r.code;
    return li;
  }));
}

async function scanFrame(imageData) {
  try {
    const texts = await qrpass.scanImageData(imageData);
    return texts[0] ?? null;
  } catch (e) {
    if (e.code === "no_qr_found") return null;
    throw e;
  }
}

async function onImage(file) {
  $("scan-status").textContent = t("scanning");
  const bitmap = await createImageBitmap(file);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(bitmap, 0, 0);
  const text = await scanFrame(ctx.getImageData(0, 0, bitmap.width, bitmap.height));
  $("scan-status").textContent = text ? "" : t("noCode");
  if (text) check(text);
}

function stopCamera() {
  stream?.getTracks().forEach((track) => track.stop());
  stream = null;
  $("video").hidden = true;
  $("camera").textContent = t("camera");
}

async function startCamera() {
  if (stream) return stopCamera();
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false,
    });
  } catch (e) {
    $("scan-status").textContent = `${t("cameraError")}: ${e.message}`;
    return;
  }
  qrpass.loadQr(); // start fetching the scanner while the camera warms up
  const video = $("video");
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  $("camera").textContent = t("stop");
  $("scan-status").textContent = t("scanning");
  // At most 640 pixels wide: fast enough on a cheap phone, sharp enough for a permit.
  const canvas = document.createElement("canvas");
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  while (stream) {
    if (video.videoWidth) {
      const scale = Math.min(1, 640 / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      const text = await scanFrame(ctx.getImageData(0, 0, canvas.width, canvas.height));
      if (text) {
        stopCamera();
        $("scan-status").textContent = "";
        check(text);
        return;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  config = { ...config, ...(await (await fetch("config.json")).json()) };
  policy = new qrpass.Policy(config.policy);
  const saved = localStorage.getItem(TRUST_KEY);
  if (saved) {
    try {
      loadTrust(fromBase64(saved));
    } catch {
      localStorage.removeItem(TRUST_KEY);
    }
  }
  applyLanguage();

  $("lang").addEventListener("click", () => {
    lang = lang === "vi" ? "en" : "vi";
    localStorage.setItem("qrpass.lang", lang);
    applyLanguage();
  });
  $("trust-file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    try {
      loadTrust(bytes);
      localStorage.setItem(TRUST_KEY, toBase64(bytes));
      applyLanguage();
    } catch (err) {
      $("trust-status").textContent = `${t("badTrust")}: ${err.code ?? ""} ${err.message}`;
    }
  });
  $("image-file").addEventListener("change", (e) => e.target.files[0] && onImage(e.target.files[0]));
  $("camera").addEventListener("click", startCamera);
  $("paste-form").addEventListener("submit", (e) => {
    e.preventDefault();
    check($("paste").value);
  });

  if ("serviceWorker" in navigator) {
    await navigator.serviceWorker.register("sw.js");
    await navigator.serviceWorker.ready;
    $("offline-status").textContent = t("ready");
    document.body.dataset.offlineReady = "true";
  }
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  $("scan-status").textContent = `${e.code ?? "error"}: ${e.message}`;
});
