// The page's clock. Tests inject one (globalThis.__qrpassTest.offsetMs, set
// before the page loads): every decision, status and refresh reads `now()`.
export function now() {
  return new Date(Date.now() + (globalThis.__qrpassTest?.offsetMs ?? 0));
}
