#!/usr/bin/env bash
# Builds the QR WebAssembly module (bindings-wasm/qr) at several optimisation
# settings into target/wasm-variants/NAME/, each run through wasm-bindgen and
# wasm-opt like scripts/build-wasm.sh, and prints raw and gzipped sizes; then
# `node benches/wasm/scanner.mjs target/wasm-variants/NAME` times each.
#   bash benches/wasm/qr-variants.sh [NAME...]   (default: z s 3 3-simd s-simd)
# NAME is the opt-level, with "-simd" for RUSTFLAGS="-C target-feature=+simd128";
# "hot3" is z with qrpass and rxing at 3 (what scripts/build-wasm.sh ships).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
target_dir=${CARGO_TARGET_DIR:-$root/target}
if [[ ! -x bindings-wasm/tests/node_modules/.bin/wasm-opt ]]; then
  (cd bindings-wasm/tests && npm ci --no-audit --no-fund --loglevel=error)
fi
wasm_opt=$root/bindings-wasm/tests/node_modules/.bin/wasm-opt
names=("$@")
[[ ${#names[@]} -gt 0 ]] || names=(z s 3 3-simd s-simd)
for name in "${names[@]}"; do
  level=${name%-simd}
  hot=()
  if [[ $level == hot3 ]]; then
    level=z
    hot=(--config 'profile.wasm.package.qrpass.opt-level=3' --config 'profile.wasm.package.rxing.opt-level=3')
  fi
  flags='--cfg sha2_backend_soft="compact"'
  opt_flags=(-Os)
  [[ $level == 3 ]] && opt_flags=(-O3)
  extra=()
  if [[ $name == *-simd ]]; then
    flags+=' -C target-feature=+simd128'
    extra=(--enable-simd)
  fi
  CARGO_PROFILE_WASM_OPT_LEVEL=$level \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS=$flags \
    cargo build -q --locked --target wasm32-unknown-unknown --profile wasm -p qrpass-wasm-qr "${hot[@]}" \
      --target-dir "$target_dir/wasm-variants/cargo-$name"
  out=$target_dir/wasm-variants/$name
  rm -rf "$out"
  wasm-bindgen --target web --no-typescript --out-dir "$out" \
    "$target_dir/wasm-variants/cargo-$name/wasm32-unknown-unknown/wasm/qrpass_wasm_qr.wasm"
  "$wasm_opt" "${opt_flags[@]}" --converge --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals "${extra[@]}" "$out/qrpass_wasm_qr_bg.wasm" -o "$out/qrpass_wasm_qr_bg.wasm"
  printf '%-8s %8d bytes, %7d gzipped\n' "$name" "$(wc -c < "$out/qrpass_wasm_qr_bg.wasm")" "$(gzip -9c "$out/qrpass_wasm_qr_bg.wasm" | wc -c)"
done
