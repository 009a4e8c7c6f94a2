"""`qrpass.issue_file` against `qrpass issue --batch`: the same library, so the
same lists give byte-identical passes.csv and QR files (token ids derive from
issuer and pass number; the issue time is fixed)."""

import os
import subprocess
from pathlib import Path

import pytest

import qrpass

from conftest import IAT, REPO

BATCH = REPO / "testdata" / "batch"
ISSUER = "VN-SG"

OFFICE_CSV = (
    "\ufeffCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM,,,,,,\n"
    '"Độc lập - Tự do - Hạnh phúc",,,,,,\n'
    ",,,,,,\n"
    '"DANH SÁCH CẤP GIẤY ĐI ĐƯỜNG, ĐỢT 1",,,,,,\n'
    "Số giấy,Họ và tên,Số CCCD,Mục đích,Khu vực,Hiệu lực từ,Hiệu lực đến\n"
    "A-1,Lê Thị Hoa,079201001234,Đi làm,79.760,01/09/2021,30/09/2021\n"
    ",,,,,,\n"
    "A-2,Trần Văn Bình,079201001235,Khám bệnh,79.760,01/09/2021,30/09/2021\n"
    ",Người lập biểu,,,,,\n"
    ',"(Ký, ghi rõ họ tên)",,,,,\n'
)


def qrpass_bin() -> Path:
    """The qrpass CLI: $QRPASS_BIN, or <repo>/target/debug/qrpass (as tests/interop)."""
    return Path(os.environ.get("QRPASS_BIN") or REPO / "target" / "debug" / "qrpass")


@pytest.fixture(scope="module")
def cli():
    binary = qrpass_bin()
    if not binary.is_file() or not os.access(binary, os.X_OK):
        pytest.fail(
            f"qrpass CLI not found at {binary}: build it with `cargo build -p qrpass-cli` "
            "or point QRPASS_BIN at it"
        )
    return binary


@pytest.fixture()
def key(tmp_path):
    key = qrpass.PrivateKey.generate()
    pem = tmp_path / "issuer.key.pem"
    pem.write_text(key.to_pem(), encoding="utf-8")
    return key, pem


def files(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted((folder / "qr").iterdir())}


def lists(tmp_path: Path):
    office = tmp_path / "office.csv"
    office.write_text(OFFICE_CSV, encoding="utf-8")
    return [
        BATCH / "permits-vi.csv",
        BATCH / "permits-en.csv",
        BATCH / "bad-rows.csv",
        BATCH / "passes.jsonl",
        office,
    ]


def test_python_and_the_cli_write_the_same_folder(cli, key, tmp_path):
    private, pem = key
    for i, source in enumerate(lists(tmp_path)):
        by_cli, by_py = tmp_path / f"cli-{i}", tmp_path / f"py-{i}"
        proc = subprocess.run(
            [cli, "issue", "--batch", source, "--key", pem, "--issuer", ISSUER,
             "--out", by_cli, "--iat", IAT, "--no-pdf"],
            capture_output=True,
        )
        assert proc.returncode in (0, 1), proc.stderr.decode()
        summary = qrpass.issue_file(source, private, ISSUER, by_py, iat=IAT)
        assert (by_py / "passes.csv").read_bytes() == (by_cli / "passes.csv").read_bytes(), source
        assert files(by_py) == files(by_cli), source
        assert not (by_py / "passes.pdf").exists()
        assert (proc.returncode == 1) == bool(summary["failed"]), source


def test_the_summary_counts_and_notes(key, tmp_path):
    private, _ = key
    office = lists(tmp_path)[-1]
    summary = qrpass.issue_file(office, private, ISSUER, tmp_path / "out", iat=IAT)
    assert summary["header_row"] == 5
    assert (summary["total"], summary["issued"], summary["failed"]) == (2, 2, {})
    assert summary["footer_rows"] == [9, 10]
    assert summary["blank_rows"] == 1
    assert any("rows 9–10 below the table" in n for n in summary["notes"])
    assert not any("Hoa" in n or "0792" in n for n in summary["notes"])
    bad = qrpass.issue_file(BATCH / "bad-rows.csv", private, ISSUER, tmp_path / "bad", iat=IAT)
    assert bad["failed"]["missing_field"] == 2
    assert bad["failed"]["invalid_id_number"] == 1


def test_a_second_run_keeps_every_token(key, tmp_path):
    private, _ = key
    out = tmp_path / "out"
    source = BATCH / "permits-vi.csv"
    first = qrpass.issue_file(source, private, ISSUER, out, iat=IAT)
    before = (out / "passes.csv").read_bytes()
    again = qrpass.issue_file(source, private, ISSUER, out, iat="2021-09-02T08:00:00+07:00")
    assert (first["issued"], again["issued"], again["already_issued"]) == (4, 0, 4)
    assert (out / "passes.csv").read_bytes() == before


def test_run_level_errors_carry_stable_codes_and_leave_the_folder_alone(key, tmp_path):
    private, _ = key
    out = tmp_path / "out"
    qrpass.issue_file(BATCH / "permits-en.csv", private, ISSUER, out, iat=IAT)
    before = (out / "passes.csv").read_bytes()
    with pytest.raises(qrpass.Error) as other:
        qrpass.issue_file(BATCH / "permits-en.csv", qrpass.PrivateKey.generate(), "VN-HN", out)
    assert other.value.code == "invalid_issuer"
    assert other.value.hint
    assert (out / "passes.csv").read_bytes() == before
    header = tmp_path / "list.csv"
    header.write_text("Họ và tên,Ghi chú\nAn,x\n", encoding="utf-8")
    with pytest.raises(qrpass.Error) as missing:
        qrpass.issue_file(header, private, ISSUER, tmp_path / "new")
    assert missing.value.code == "missing_field"
    assert not (tmp_path / "new").exists()
    with pytest.raises(qrpass.Error) as fmt:
        qrpass.issue_file(header, private, ISSUER, tmp_path / "new", format="gif")
    assert fmt.value.code == "invalid_text"
