"""Writing results: to stdout for ``-``, otherwise atomically (a temporary file in the
target folder, then a rename), so an interrupted run never leaves a half-written file."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomic(path: str | Path, data: str | bytes | Iterable[str]) -> None:
    """Write ``data`` to ``path`` (``-`` is stdout) without ever exposing a partial file.

    ``data`` may be text given in pieces (the chunks of a JSON encoder), written as they
    come, so that a large output is never held whole in memory. Text on stdout ends with a
    newline."""
    pieces: Iterable[str | bytes] = (data,) if isinstance(data, (str, bytes)) else data
    if str(path) == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        last = ""
        for piece in pieces:
            assert isinstance(piece, str)
            sys.stdout.write(piece)
            last = piece or last
        if not last.endswith("\n"):
            sys.stdout.write("\n")
        sys.stdout.flush()
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in pieces:
                fh.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600 files; give the usual mode
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
