"""Files that are whole or untouched, written only where they belong, scratch space that a
killed run does not leave behind, and Word packages whose bytes repeat."""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import OutcomesError

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold: no clock in the bytes
#: Scratch folders and temporary files carry the id of the process that made them, so that a
#: later run can tell those of a killed run (its process is gone) from those of a live one.
SCRATCH = "outcomes-scratch-"
TEMPORARY = re.compile(r"^\..+\.outcomes-(?P<pid>\d+)-[^.]+\.tmp$")


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
            prefix = f".{path.name}.outcomes-{os.getpid()}-"
            handle, name = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
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


def refuse_links(root: Path, relative: Iterable[str]) -> None:
    """Refuse, naming it, a symbolic link anywhere on the way from `root` to each file: a
    link (one committed to a shared repository is enough) would send the files elsewhere."""
    for path in relative:
        place = root
        for part in path.split("/"):
            place = place / part
            if place.is_symlink():
                shown = place.relative_to(root).as_posix()
                raise LinkRefused(
                    f"{shown} is a symbolic link (to {place.readlink()}), and outcomes writes "
                    f"files only inside the folder they belong to: replace {shown} with an "
                    "ordinary folder or file, then run the command again; nothing was written"
                )
            if not place.exists():
                break


class LinkRefused(OutcomesError):
    """A file would be written through a symbolic link."""


@contextmanager
def scratch() -> Iterator[Path]:
    """A private folder in the system's temporary folder, removed on every way out (and by a
    later run, should this one be killed)."""
    folder = Path(tempfile.mkdtemp(prefix=f"{SCRATCH}{os.getpid()}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_abandoned_scratch() -> list[Path]:
    """Remove the scratch folders of this user's runs that were killed; return them."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{SCRATCH}*"):
        pid = folder.name.removeprefix(SCRATCH).partition("-")[0]
        if pid.isdigit() and _ours(folder) and not process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def remove_abandoned_temporaries(folders: Iterable[Path]) -> list[Path]:
    """Remove the half-written files that killed runs left in `folders`; return them."""
    removed = []
    for folder in folders:
        for entry in folder.iterdir() if folder.is_dir() else ():
            match = TEMPORARY.match(entry.name)
            if match and not process_alive(int(match["pid"])) and entry.is_file():
                entry.unlink(missing_ok=True)
                removed.append(entry)
    return removed


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _ours(path: Path) -> bool:
    try:
        info = path.lstat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and stat.S_ISDIR(info.st_mode)


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
