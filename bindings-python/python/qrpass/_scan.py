"""Scanning a greyscale frame given as bytes, a numpy array or a PIL image."""

from typing import Any, List, Optional

from . import _native


def scan_luma(
    pixels: Any,
    width: Optional[int] = None,
    height: Optional[int] = None,
    row_stride: Optional[int] = None,
) -> List[str]:
    """Texts of the QR codes in a greyscale (luma, 8-bit) frame.

    ``pixels`` is one of:

    - ``bytes``/``bytearray``/``memoryview`` with ``width`` and ``height``
      (and ``row_stride`` when rows are padded, as camera Y planes often are);
    - a 2-D ``uint8`` numpy array (``height × width``; its row stride is used);
    - a PIL image (converted to mode ``"L"`` first).

    Raises :class:`qrpass.Error` with ``no_qr_found``, ``bad_image`` (wrong
    sizes) or ``image_too_large``.
    """
    if hasattr(pixels, "convert") and hasattr(pixels, "size") and hasattr(pixels, "tobytes"):
        image = pixels if getattr(pixels, "mode", None) == "L" else pixels.convert("L")
        w, h = image.size
        return _native.scan_luma(image.tobytes(), w, h, None)
    if hasattr(pixels, "ndim") and hasattr(pixels, "shape") and hasattr(pixels, "tobytes"):
        if pixels.ndim != 2 or str(pixels.dtype) != "uint8":
            raise TypeError("a luma array is 2-D uint8 (height × width)")
        h, w = pixels.shape
        # tobytes() is C-ordered whatever the strides: one copy, no padding.
        return _native.scan_luma(pixels.tobytes(), w, h, None)
    if width is None or height is None:
        raise TypeError("width and height are required for a bytes-like frame")
    return _native.scan_luma(bytes(pixels), width, height, row_stride)
