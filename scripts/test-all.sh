#!/usr/bin/env bash
# The one test command: installs what it needs, then runs every suite.
# Usage: bash scripts/test-all.sh        (from anywhere; CI runs it through .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CARGO_TERM_COLOR=never

# Each step's wall time is printed when the next starts, and all of them at the end.
timings=()
step_name=""
step_start=$SECONDS
step_end() {
  if [[ -n $step_name ]]; then
    timings+=("$(printf '%5ds  %s' $((SECONDS - step_start)) "$step_name")")
    printf '    (%ds)\n' $((SECONDS - step_start))
  fi
}
step() {
  step_end
  step_name=$*
  step_start=$SECONDS
  printf '\n==> %s\n' "$*"
}

step "Rust: format and lints"
rustup component add rustfmt clippy >/dev/null 2>&1 || true
cargo fmt --all -- --check
# The fuzz workspace is not built here (nightly, libFuzzer), but it is formatted.
cargo fmt --all --manifest-path fuzz/Cargo.toml -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "PostgreSQL on loopback for the ledger tests (Debian's postgresql, a temporary data directory)"
# shellcheck source=scripts/pg-server.sh
source scripts/pg-server.sh
trap pg_server_stop EXIT
export QRPASS_TEST_REQUIRE_PG=1

step "Rust: unit, integration and doc tests (core, CLI, ledger on SQLite and PostgreSQL)"
cargo test --workspace --locked

step "Shared vectors are up to date (spec/vectors), and the capability table (spec/capabilities.toml → README.md, spec/capabilities.json)"
cargo xtask vectors --check
cargo xtask capabilities --check

step "Python environment in .venv (maturin, pytest, pycose, numpy, pandas, pyarrow, pyspark, polars)"
if [[ ! -x .venv/bin/python ]]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r bindings-python/requirements-dev.txt

step "Python binding: build with maturin into .venv, run its tests (vectors, API, threads, streaming memory, Arrow, pycose, examples with Spark local mode and Polars)"
VIRTUAL_ENV="$root/.venv" PATH="$root/.venv/bin:$PATH" maturin develop -q --locked -m bindings-python/Cargo.toml
.venv/bin/python -m pytest -q bindings-python/tests

step "Interop with pycose (independent COSE implementation)"
cargo build -q --locked -p qrpass-cli
QRPASS_BIN="${CARGO_TARGET_DIR:-$root/target}/debug/qrpass" .venv/bin/python -m pytest -q tests/interop

step "Kotlin/Swift binding (uniffi): generated sources are current, then the Kotlin tests on the JVM (vectors, error codes, camera frames, threads, examples/kotlin)"
bash scripts/gen-mobile-bindings.sh --check
# Swift: generated and checked above, and the hand-written Swift (tests, error
# extension, Package.swift) parsed by tree-sitter-swift; never compiled here (no
# Swift toolchain on this machine): build-xcframework.sh + `swift test` on macOS.
.venv/bin/python -m pip install -q --disable-pip-version-check tree-sitter==0.26.1 tree-sitter-swift==0.7.4
.venv/bin/python scripts/check-swift-syntax.py
.venv/bin/python scripts/check-swift-capabilities.py
(cd bindings-mobile/kotlin && mvn -q -B test -Dqrpass.lib.dir="${CARGO_TARGET_DIR:-$root/target}/debug")

step "WebAssembly: build the package (wasm-bindgen $(awk '/^name = "wasm-bindgen"$/ {getline; print $3; exit}' Cargo.lock) from crates.io, wasm-opt from npm's binaryen)"
bash scripts/build-wasm.sh

step "WebAssembly in node: every spec vector, the API and its error paths, the DCC module's Checkpoint with CLI-signed DSC lists, the TypeScript declarations"
# typescript checks npm/index.d.ts; a node_modules from before it was added lacks it.
[[ -d bindings-wasm/tests/node_modules/typescript ]] || (cd bindings-wasm/tests && npm ci --no-audit --no-fund --loglevel=error)
node --test bindings-wasm/tests/vectors.test.js bindings-wasm/tests/api.test.js bindings-wasm/tests/scanner.test.js bindings-wasm/tests/capabilities.test.js bindings-wasm/tests/issue.test.js bindings-wasm/tests/dcc.test.js bindings-wasm/tests/types.test.js
QRPASS_BIN="${CARGO_TARGET_DIR:-$root/target}/debug/qrpass" node --test bindings-wasm/tests/dcc-checkpoint.test.js

step "Web checker end to end in headless Chromium (Debian's chromium package, playwright-core; qrpass publish fixtures, fake camera, axe-core)"
if [[ ! -x /usr/bin/chromium ]]; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q chromium >/dev/null 2>&1 || { $sudo apt-get update -q && $sudo apt-get install -y -q chromium; }
fi
# axe-core is injected into the page; a node_modules from before it was added lacks it.
[[ -d bindings-wasm/tests/node_modules/axe-core ]] || (cd bindings-wasm/tests && npm ci --no-audit --no-fund --loglevel=error)
QRPASS_BIN="${CARGO_TARGET_DIR:-$root/target}/debug/qrpass" node --test bindings-wasm/tests/e2e.test.js

step_end
printf '\n==> Step times (wall, this machine)\n'
printf '%s\n' "${timings[@]}"
printf '%5ds  total\n' "$SECONDS"
step_name=""
step "All suites passed"
