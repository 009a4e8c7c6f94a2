"""Verifying inputs larger than memory: chunks through ``Verifier.verify_many``."""

from itertools import islice
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Union
import os

from ._native import Verifier, VerifyResult

#: Texts verified per call into the core: keeps every core busy while memory
#: stays bounded by one chunk of texts and results.
DEFAULT_CHUNK = 8192

Progress = Union[bool, Callable[[int], None], None]


def _progress_callback(progress: Progress, total: Optional[int]) -> Callable[[int], None]:
    """A callback taking the number of texts just done, from ``progress``:
    a callable; ``True`` for a tqdm bar when tqdm is installed (else nothing);
    ``None``/``False`` for nothing."""
    if callable(progress):
        return progress
    if progress:
        try:
            from tqdm.auto import tqdm  # type: ignore[import-not-found]
        except ImportError:
            return lambda n: None
        bar = tqdm(total=total, unit="token", smoothing=0.1)
        return bar.update
    return lambda n: None


def verify_iter(
    verifier: Verifier,
    texts: Iterable[str],
    at: Any = None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Progress = None,
) -> Iterator[VerifyResult]:
    """Yields one :class:`VerifyResult` per text, in order, verifying
    ``chunk_size`` texts at a time on every core (GIL released). Memory is
    bounded by one chunk, however long ``texts`` is (a generator, a file...).

    ``progress`` is a callable receiving the count of texts done after each
    chunk, or ``True`` for a tqdm progress bar when tqdm is installed.
    Surrounding whitespace (a line's newline) is stripped from each text.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    total = len(texts) if hasattr(texts, "__len__") else None  # type: ignore[arg-type]
    done = _progress_callback(progress, total)
    iterator = iter(texts)
    while True:
        chunk = [t.strip() for t in islice(iterator, chunk_size)]
        if not chunk:
            return
        yield from verifier.verify_many(chunk, at)
        done(len(chunk))


def verify_file(
    verifier: Verifier,
    path: Union[str, "os.PathLike[str]"],
    at: Any = None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Progress = None,
) -> Iterator[VerifyResult]:
    """:func:`verify_iter` over a text file of one token per line (UTF-8)."""
    with open(path, encoding="utf-8", errors="replace") as lines:
        yield from verify_iter(verifier, lines, at, chunk_size, progress)


def verify_columns(
    verifier: Verifier,
    texts: Iterable[str],
    at: Any = None,
    chunk_size: int = DEFAULT_CHUNK * 8,
) -> Dict[str, List[Any]]:
    """Columns ``outcome, code, kind, issuer, iat, exp, cti`` (lists as long as
    the input; times in Unix seconds) ready for ``pandas.DataFrame(...)``,
    computed chunk by chunk so only the columns stay in memory."""
    columns: Dict[str, List[Any]] = {}
    iterator = iter(texts)
    while True:
        chunk = [t.strip() for t in islice(iterator, chunk_size)]
        if not chunk:
            break
        part = verifier.verify_columns(chunk, at)
        for name, values in part.items():
            columns.setdefault(name, []).extend(values)
    if not columns:
        columns = {k: [] for k in ("outcome", "code", "kind", "issuer", "iat", "exp", "cti")}
    return columns
