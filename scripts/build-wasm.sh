#!/usr/bin/env bash
# Builds the WebAssembly package in bindings-wasm/npm/dist/{verify,checkpoint,issue,qr,dcc}: cargo
# (profile `wasm`: opt-level z, LTO, panic=abort) → wasm-bindgen (exactly the
# version in Cargo.lock, installed with `cargo install` when missing) → wasm-opt
# -Os from the npm package `binaryen` (Debian's binaryen 108 makes modules that
# do not load). Prints raw and gzipped sizes. Nothing is downloaded from outside
# crates.io and npm.
#   bash scripts/build-wasm.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target_dir=${CARGO_TARGET_DIR:-$root/target}

rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $version"; then
  echo "== cargo install wasm-bindgen-cli --version $version"
  # --locked fails against the registry mirror here; the version is pinned exactly.
  cargo install wasm-bindgen-cli --version "$version"
fi
if [[ ! -x bindings-wasm/tests/node_modules/.bin/wasm-opt ]]; then
  (cd bindings-wasm/tests && npm ci --no-audit --no-fund --loglevel=error)
fi
wasm_opt=$root/bindings-wasm/tests/node_modules/.bin/wasm-opt

# SHA-256/512 with their round loops not unrolled: 4 KB less gzipped, and
# hashing is a small part of a verification.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS='--cfg sha2_backend_soft="compact"'

build() { # crate, wasm file stem, output folder, extra cargo arguments
  # One crate per cargo call: building both at once would unify their qrpass
  # features and put the scanner into the verifier.
  cargo build -q --locked --target wasm32-unknown-unknown --profile wasm -p "$1" "${@:4}"
  local out=bindings-wasm/npm/dist/$3
  rm -rf "$out"
  wasm-bindgen --target web --no-typescript --out-dir "$out" \
    "$target_dir/wasm32-unknown-unknown/wasm/$2.wasm"
  # -Os until nothing changes: smaller gzipped than -Oz here (-Oz gives fewer
  # raw bytes that compress worse); the tool sections are not needed to run.
  "$wasm_opt" -Os --converge --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals "$out/$2_bg.wasm" -o "$out/$2_bg.wasm"
  printf '%-8s %8d bytes, %7d gzipped\n' "$3" "$(wc -c < "$out/$2_bg.wasm")" "$(gzip -9c "$out/$2_bg.wasm" | wc -c)"
}
build qrpass-wasm qrpass_wasm verify
# Checkpoint (saved state, signed policies, tally): its own module, loaded only
# by a page that keeps a checkpoint, so a page that verifies pasted text skips it.
build qrpass-wasm-checkpoint qrpass_wasm_checkpoint checkpoint
# Issuing (PrivateKey, Issuer): its own module, loaded only by a page that signs.
build qrpass-wasm-issue qrpass_wasm_issue issue
# The scanner's hot code (qrpass's finder pre-pass and filters, rxing) at
# opt-level 3, everything else (image decoders) at z: 8× faster on frames
# without a code than all-z. About 259 KB gzipped (target 350 KB) since qrpass
# decodes QR text itself and links only two CJK tables (docs/scanning.md).
build qrpass-wasm-qr qrpass_wasm_qr qr \
  --config 'profile.wasm.package.qrpass.opt-level=3' --config 'profile.wasm.package.rxing.opt-level=3'
# EU DCCs (HC1:): DSC lists, DccVerifier, verifyAny, DccPolicy, with the core
# feature `dcc` (zlib, P-256, RSA, X.509); its own module, loaded by dcc(), so
# the verifier module above is built without them.
build qrpass-wasm-dcc qrpass_wasm_dcc dcc
