#!/usr/bin/env bash
# Arrow benchmark (README "Benchmarks"): builds the release wheel into a venv
# (default .venv; QRPASS_VENV=DIR for another) and the raw verify_strict loop,
# then runs benches/python/bench_arrow.py: 5.3 M declaration tokens (generated
# once into /tmp/qrpass-bench) through verify_arrow and verify_columns.
#   bash benches/python/arrow.sh [--tokens N] [--data DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=${QRPASS_VENV:-$PWD/.venv}
[[ -x $venv/bin/python ]] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r bindings-python/requirements-dev.txt
VIRTUAL_ENV=$venv PATH=$venv/bin:$PATH maturin develop -q --release --locked -m bindings-python/Cargo.toml
cargo build -q --release --locked -p qrpass-benches --example verify_loop
exec "$venv/bin/python" benches/python/bench_arrow.py "$@"
