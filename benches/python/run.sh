#!/usr/bin/env bash
# Python benchmark (README "Benchmarks"): builds the release wheel into .venv and
# runs benches/python/bench_verify.py side by side with a pycose pipeline.
#   bash benches/python/run.sh [--tokens N] [--stream N]
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ -x .venv/bin/python ]] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r bindings-python/requirements-dev.txt
VIRTUAL_ENV=$PWD/.venv PATH=$PWD/.venv/bin:$PATH maturin develop -q --release -m bindings-python/Cargo.toml
exec .venv/bin/python benches/python/bench_verify.py "$@"
