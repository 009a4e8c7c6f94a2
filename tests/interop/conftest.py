"""Shared fixtures for the pycose interop tests: the qrpass binary and how to run it."""

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "spec" / "examples"


def qrpass_bin() -> Path:
    """The qrpass CLI: $QRPASS_BIN, or <repo>/target/debug/qrpass."""
    return Path(os.environ.get("QRPASS_BIN") or REPO / "target" / "debug" / "qrpass")


@pytest.fixture(scope="session")
def qrpass():
    """Runs the qrpass CLI; fails (never skips) when it is not built."""
    binary = qrpass_bin()
    if not binary.is_file() or not os.access(binary, os.X_OK):
        pytest.fail(
            f"qrpass CLI not found at {binary}: build it with `cargo build -p qrpass-cli` "
            "or point QRPASS_BIN at it"
        )

    def run(*args, stdin=None, check=True):
        proc = subprocess.run(
            [str(binary), *map(str, args)],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if check and proc.returncode != 0:
            pytest.fail(
                f"qrpass {' '.join(map(str, args))} exited {proc.returncode}\n"
                f"stdout: {proc.stdout}\nstderr: {proc.stderr}"
            )
        return proc

    return run
