"""qrpass: signed, offline-verifiable QR passes (travel permits, health
declarations, infection status, support entitlements) for Python.

Issue with :class:`Issuer`, verify with :class:`Verifier` (one token, or
millions on every core with :meth:`Verifier.verify_many`, :func:`verify_iter`
and :func:`verify_file`), decide at a checkpoint with :class:`Policy` (or hold a whole checkpoint's
state with :class:`Checkpoint`), render
and scan QR codes. Every failure raises :class:`Error` (a ``ValueError``) whose
``.code`` is the core's stable error code.
"""

from ._native import (
    Checkpoint,
    Decision,
    Error,
    FormatError,
    DccVerifier,
    IdCard,
    Issuer,
    Ledger,
    Pass,
    Policy,
    PrivateKey,
    PublicKey,
    Scanner,
    Record,
    SignatureError,
    TimeError,
    TrustAnchor,
    TrustError,
    Verified,
    Verifier,
    VerifyResult,
    __version__,
    bind,
    classify,
    error_codes,
    error_families,
    error_for_code,
    inspect,
    verify_any,
    issue_file,
    issue_many,
    render_png,
    render_svg,
    scan_image,
)
from ._scan import scan_luma
from ._stream import verify_columns, verify_file, verify_iter

__all__ = [
    "Checkpoint",
    "Decision",
    "Error",
    "FormatError",
    "DccVerifier",
    "IdCard",
    "Issuer",
    "Ledger",
    "Pass",
    "Policy",
    "PrivateKey",
    "PublicKey",
    "Record",
    "Scanner",
    "SignatureError",
    "TimeError",
    "TrustAnchor",
    "TrustError",
    "Verified",
    "Verifier",
    "VerifyResult",
    "__version__",
    "bind",
    "classify",
    "error_codes",
    "error_families",
    "error_for_code",
    "inspect",
    "issue_file",
    "issue_many",
    "render_png",
    "render_svg",
    "scan_image",
    "scan_luma",
    "verify_columns",
    "verify_file",
    "verify_iter",
    "verify_any",
]
