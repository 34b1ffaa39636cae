"""Files that hold personal data are created readable by their owner only.

The progress database holds PIN hashes of 4–12 digits (quick to guess offline), names and
leaders' notes; exports hold the same. Every such file is therefore created ``0600`` and
its folder ``0700`` at creation — with ``os.open``'s mode and a tight umask, never a
``chmod`` afterwards, so there is no moment in which another user could open it. A file
that already exists with wider permissions is left alone (an administrator may have set
up group access on purpose) but reported with :class:`WiderThanPrivate`.
"""

from __future__ import annotations

import os
import stat
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

FILE_MODE = 0o600
DIR_MODE = 0o700


class WiderThanPrivate(UserWarning):
    """An existing file with personal data can be read by others than its owner."""


@contextmanager
def private_umask() -> Iterator[None]:
    """Everything created inside is ``0600`` (files) or ``0700`` (folders) at most.

    The umask is process-wide: used only around a creation, never around long work.
    """
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def ensure_private_dir(path: Path) -> None:
    """Make ``path`` (and missing parents) with mode ``0700``; warn when it is wider."""
    if path.is_dir():
        warn_if_wider(path)
        return
    with private_umask():
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)


def warn_if_wider(path: Path) -> bool:
    """Warn (and say True) when ``path`` is open to group or others."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return False
    if os.name != "posix" or not mode & 0o077:
        return False
    warnings.warn(
        WiderThanPrivate(
            f"{path} can be read by other users (mode {mode:04o}); "
            f"it holds personal data: chmod {'700' if path.is_dir() else '600'} {path}"
        ),
        stacklevel=2,
    )
    return True


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode ``0600`` unless it exists (then check its mode)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        warn_if_wider(path)
        return
    os.close(fd)


def open_private(path: Path, encoding: str = "utf-8", newline: str | None = None) -> IO[str]:
    """Open ``path`` for writing text; a new file is created ``0600``.

    An existing file keeps its mode (a warning says when it is wider than private).
    """
    existed = path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    if existed:
        warn_if_wider(path)
    return os.fdopen(fd, "w", encoding=encoding, newline=newline)


def write_private_text(path: Path, text: str) -> None:
    """``Path.write_text`` for personal data: the file is created ``0600``."""
    with open_private(path) as out:
        out.write(text)


def write_private_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (an export, a package); a new file is created ``0600``."""
    existed = path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    if existed:
        warn_if_wider(path)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


__all__ = [
    "DIR_MODE",
    "FILE_MODE",
    "WiderThanPrivate",
    "create_private_file",
    "ensure_private_dir",
    "open_private",
    "private_umask",
    "warn_if_wider",
    "write_private_bytes",
    "write_private_text",
]
