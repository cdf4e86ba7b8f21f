"""Write a file so that a reader sees the old file or the new one, never half of one.

Used for the spreadsheet export, the content files of an import and the content editor.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write via a temporary file in the same folder and rename it into place."""
    temporary = write_temporary(path, data, mode)
    os.replace(temporary, path)


def write_temporary(path: Path, data: bytes, mode: int | None = None) -> Path:
    path = Path(path)
    if mode is None:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(name, mode)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)
