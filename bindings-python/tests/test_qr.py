"""Render and scan through the binding: PNG/SVG bytes, JPEG-free luma buffers."""

import pytest

import qrpass
from conftest import AT, REPO


def luma_of(text: str, scale: int = 4, pad: int = 0):
    """A greyscale frame of the QR code of `text` drawn from its SVG path, rows
    `width + pad` bytes apart."""
    import re

    svg = qrpass.render_svg(text, module_px=1)
    n = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    dark = set()
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)", svg):
        for i in range(int(w)):
            dark.add((int(x) + i, int(y)))
    side = n * scale
    stride = side + pad
    frame = bytearray([255]) * (stride * side)
    for (x, y) in dark:
        for dy in range(scale):
            row = (y * scale + dy) * stride
            frame[row + x * scale : row + x * scale + scale] = b"\x00" * scale
    return bytes(frame), side, stride


def test_png_round_trip_and_verify(verifier, permit_token):
    png = qrpass.render_png(permit_token)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert qrpass.scan_image(png) == [permit_token]
    assert verifier.verify(qrpass.scan_image(png)[0], at=AT).issuer == "VN-SG"
    svg = qrpass.render_svg(permit_token, ecc="h")
    assert svg.startswith("<?xml") and "<path" in svg


def test_scan_luma_with_row_padding(permit_token):
    frame, side, stride = luma_of(permit_token, pad=48)
    assert qrpass.scan_luma(frame, side, side, row_stride=stride) == [permit_token]
    tight, side, _ = luma_of(permit_token)
    assert qrpass.scan_luma(tight, side, side) == [permit_token]
    assert qrpass.scan_luma(bytearray(tight), side, side) == [permit_token]


def test_scan_numpy_and_pil_style_inputs(permit_token):
    np = pytest.importorskip("numpy", reason="numpy is in bindings-python/tests/requirements.txt")
    frame, side, _ = luma_of(permit_token)
    array = np.frombuffer(frame, dtype=np.uint8).reshape(side, side)
    assert qrpass.scan_luma(array) == [permit_token]
    # A strided view (every row of a wider buffer): tobytes() packs it.
    wide = np.full((side, side + 16), 255, dtype=np.uint8)
    wide[:, :side] = array
    assert qrpass.scan_luma(wide[:, :side]) == [permit_token]
    with pytest.raises(TypeError):
        qrpass.scan_luma(np.zeros((4, 4, 3), dtype=np.uint8))

    class FakePil:  # the three members scan_luma uses from a PIL image
        mode = "L"
        size = (side, side)

        def convert(self, mode):
            return self

        def tobytes(self):
            return frame

    assert qrpass.scan_luma(FakePil()) == [permit_token]


def test_corpus_photo_scans():
    photo = REPO / "testdata" / "qr-corpus" / "zxing" / "qrcode-1" / "1.png"
    texts = qrpass.scan_image(photo.read_bytes())
    assert texts and texts[0]


@pytest.mark.parametrize(
    "call, code",
    [
        (lambda: qrpass.scan_image(b""), "empty_input"),
        (lambda: qrpass.scan_image(b"\x89PNG\r\n\x1a\n garbage"), "bad_image"),
        (lambda: qrpass.scan_luma(b"\xff" * 100, 10, 10), "no_qr_found"),
        (lambda: qrpass.scan_luma(b"\xff" * 10, 10, 10), "bad_image"),
        (lambda: qrpass.scan_luma(b"\xff" * 100, 10, 10, row_stride=5), "invalid_argument"),
        (lambda: qrpass.scan_luma(b"", 100_000, 100_000), "image_too_large"),
        (lambda: qrpass.scan_luma(b"", 0, 0), "bad_image"),
        (lambda: qrpass.render_png(""), "empty_input"),
        (lambda: qrpass.render_png("A" * 8000), "qr_too_long"),
        (lambda: qrpass.render_png("x", ecc="Z"), "invalid_argument"),
    ],
)
def test_qr_errors_have_codes(call, code):
    with pytest.raises(qrpass.Error) as raised:
        call()
    assert raised.value.code == code


def test_scan_luma_needs_dimensions_for_bytes():
    with pytest.raises(TypeError):
        qrpass.scan_luma(b"\x00" * 16)


def test_scanner_finds_corners_keeps_state_and_skips_blank_frames(permit_token):
    frame, side, stride = luma_of(permit_token, pad=48)
    scanner = qrpass.Scanner()
    codes = scanner.scan_luma(frame, side, side, stride)
    assert [c["text"] for c in codes] == [permit_token]
    # Quiet zone of 4 modules × 4 px: the symbol spans [16, side − 16].
    corners = codes[0]["corners"]
    assert len(corners) == 4
    expected = [(16, 16), (side - 16, 16), (side - 16, side - 16), (16, side - 16)]
    for (x, y), (ex, ey) in zip(corners, expected):
        assert abs(x - ex) <= 3 and abs(y - ey) <= 3
    assert scanner.scan_luma(bytes([128]) * (640 * 360), 640, 360) == []
    rgba = bytes(v for p in frame[: side * stride] for v in (p, p, p, 255))
    assert [c["text"] for c in scanner.scan_rgba(rgba, stride, side)] == [permit_token]
    stats = scanner.stats()
    assert (stats["frames"], stats["skipped"], stats["decoded"]) == (3, 1, 2)
    scanner.reset()
    assert scanner.stats()["frames"] == 0
    plain = qrpass.Scanner(prepass=False, region_of_interest=False)
    assert plain.scan_luma(bytes([128]) * (640 * 360), 640, 360) == []
    assert plain.stats()["skipped"] == 0


@pytest.mark.parametrize(
    "args, code",
    [
        ((b"\x00" * 100, 10, 10, 9), "invalid_argument"),
        ((b"\x00" * 10, 10, 10), "bad_image"),
        ((b"", 100000, 100000), "image_too_large"),
    ],
)
def test_scanner_errors(args, code):
    with pytest.raises(qrpass.Error) as raised:
        qrpass.Scanner().scan_luma(*args)
    assert raised.value.code == code
