// The camera loop on the page's side: frames from the video go to the scanning
// worker as transferred buffers; while the worker is busy a frame is dropped,
// never queued; when the worker's WebAssembly traps, the worker is replaced.
const MAX_WIDTH = 640;

export class CameraScanner {
  /** `onCodes(texts, frame)` for each frame with codes; `onRestart()` once per restart. */
  constructor(video, { onCodes, onRestart }) {
    this.video = video;
    this.onCodes = onCodes;
    this.onRestart = onRestart;
    this.stream = null;
    this.busy = false;
    this.nextId = 1;
    this.stats = { presented: 0, sent: 0, dropped: 0, restarts: 0 };
    this.canvas = document.createElement("canvas");
    this.ctx = this.canvas.getContext("2d", { willReadFrequently: true });
    this.probe = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
    this.worker = this.spawn();
  }

  spawn() {
    const worker = new Worker(new URL("./scan-worker.js", import.meta.url), { type: "module" });
    worker.onmessage = ({ data }) => this.message(data);
    worker.onerror = (e) => {
      e.preventDefault();
      this.restart(String(e.message));
    };
    // Busy until the worker says hello: a module worker drops messages that
    // arrive before its script has set its handler.
    this.busy = true;
    return worker;
  }

  restart(reason) {
    console.warn(`scanner restarted: ${reason}`);
    this.worker.terminate();
    this.stats.restarts += 1;
    this.worker = this.spawn();
    this.onRestart(reason);
  }

  message(data) {
    if (data.type === "trap") return this.restart(data.message);
    if (data.type === "hello") this.busy = false;
    if (data.type !== "result") return;
    this.busy = false;
    if (data.texts.length) this.onCodes(data.texts, { id: data.id, ms: data.ms });
  }

  /** Test hook: makes the worker take `ms` longer per frame. */
  slow(ms) {
    this.worker.postMessage({ type: "slow", ms });
  }

  /** Test hook: makes the worker's WebAssembly module trap. */
  forceTrap() {
    this.worker.postMessage({ type: "trap" });
  }

  get running() {
    return this.stream !== null;
  }

  async start() {
    this.stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false,
    });
    this.video.srcObject = this.stream;
    await this.video.play();
    this.schedule();
  }

  stop() {
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.video.srcObject = null;
  }

  schedule() {
    if (!this.stream) return;
    if (this.video.requestVideoFrameCallback) this.video.requestVideoFrameCallback(() => this.frame());
    else setTimeout(() => this.frame(), 66);
  }

  frame() {
    if (!this.stream) return;
    this.stats.presented += 1;
    const test = globalThis.__qrpassTest;
    // Test measurement: the fake camera marks frames holding a code with a black corner.
    if (test?.frames) {
      this.probe.drawImage(this.video, 0, 0, 8, 8, 0, 0, 1, 1);
      test.frames.push({ t: performance.now(), code: this.probe.getImageData(0, 0, 1, 1).data[0] < 60, sent: !this.busy });
    }
    if (this.busy) {
      this.stats.dropped += 1;
    } else if (this.video.videoWidth) {
      this.send();
    }
    this.schedule();
  }

  send() {
    const v = this.video;
    const scale = Math.min(1, MAX_WIDTH / v.videoWidth);
    const w = Math.round(v.videoWidth * scale), h = Math.round(v.videoHeight * scale);
    if (this.canvas.width !== w) this.canvas.width = w;
    if (this.canvas.height !== h) this.canvas.height = h;
    this.ctx.drawImage(v, 0, 0, w, h);
    const buffer = this.ctx.getImageData(0, 0, w, h).data.buffer;
    this.busy = true;
    this.stats.sent += 1;
    this.worker.postMessage({ type: "frame", id: this.nextId++, width: w, height: h, buffer }, [buffer]);
  }
}
