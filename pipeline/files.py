"""Files that are whole or untouched, and Word packages whose bytes repeat."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold: no clock in the bytes


def os_reason(error: OSError) -> str:
    """What the system said, in one line: "drafts/x.docx: Permission denied"."""
    where = f"{error.filename}: " if error.filename else ""
    return f"{where}{error.strerror or error}"


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside `path`, then rename over it: `path` is whole, old or new, never half."""
    write_all({path: data})


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file beside its place first, then rename them all into place: a failure
    while writing (a full disk, a folder in the way) leaves none of them changed. An
    existing file keeps its permissions."""
    written: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            mode = path.stat().st_mode & 0o777 if path.is_file() else 0o644
            handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            written.append((Path(name), path))
            with os.fdopen(handle, "wb") as file:
                os.fchmod(file.fileno(), mode)
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            if path.is_dir():
                raise IsADirectoryError(21, "a folder is in the way", str(path))
    except BaseException:
        for scratch, _ in written:
            scratch.unlink(missing_ok=True)
        raise
    for scratch, path in written:
        scratch.replace(path)


def normalised_zip(data: bytes) -> bytes:
    """The same package with fixed member dates, order and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system, info.external_attr = 3, 0o100644 << 16  # a plain rw-r--r-- file
            target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()
