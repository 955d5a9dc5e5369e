"""A returned .docx opened as untrusted input: every check is made before anything is unpacked.

A delegation's file may be damaged or cut short, a renamed .doc or .odt, protected by a
password, a zip bomb or a crafted XML part (see shared/design/pitfalls.md, 1E). Each case is one
`ReturnedFileRefused` with a sentence the secretariat can act on; nothing else escapes.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import ReturnedFileRefused

if TYPE_CHECKING:
    from lxml.etree import _Element

MB = 1024 * 1024
MAX_FILE_BYTES = 50 * MB  # a marked-up outcome is well under 1 MB; images may add a few
MAX_MEMBERS = 1000  # Word writes 10 to 30 parts, more only with many images
MAX_UNPACKED_BYTES = 200 * MB  # all members together, as declared
MAX_PART_BYTES = 50 * MB  # one XML part that is read
MAX_RATIO = 100  # unpacked / packed, for members over RATIO_FLOOR: XML packs 5-20 times
#: Below this a member is not taken for a bomb however well it packs: the review copy of the
#: largest draft `validate` accepts holds some 6 MB of XML, which a draft's repeated wording
#: packs a hundred times and more.
RATIO_FLOOR = 16 * MB

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The stream an encrypted (password-protected) Office file keeps its package in, in UTF-16.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
DTD_MARKS = tuple(
    mark.encode(codec)
    for mark in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-8", "utf-16-le", "utf-16-be")
)

RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
STRICT_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
CORE_PROPERTIES = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
)
MACRO_TYPE = "macroEnabled"


Refuse = Callable[[str], ReturnedFileRefused]


@dataclass
class Package:
    """The parts of a returned .docx that review reads, each parsed safely on request."""

    name: str  # the file name, as the user gave it
    zip: zipfile.ZipFile
    main: str  # the main document part, e.g. "word/document.xml"
    _parsed: dict[str, _Element | None] = field(default_factory=dict)

    def close(self) -> None:
        self.zip.close()

    def xml(self, part: str) -> _Element | None:
        """Part `part` as an XML tree, or None if the package has no such part."""
        if part not in self._parsed:
            data = self._bytes(part)
            self._parsed[part] = None if data is None else parse_part(self.name, part, data)
        return self._parsed[part]

    def related(self, source: str, kind: str) -> str | None:
        """The part that `source` links to with a relationship of type `kind` (its last word)."""
        folder, base = posixpath.split(source)
        rels = self.xml(posixpath.join(folder, "_rels", f"{base}.rels"))
        if rels is None:
            return None
        for rel in rels.iter(f"{{{RELS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue  # never followed: a returned file names nothing outside itself
            if rel.get("Type", "").rsplit("/", 1)[-1] == kind:
                return _resolve(folder, rel.get("Target", ""))
        return None

    def _bytes(self, part: str) -> bytes | None:
        try:
            info = self.zip.getinfo(part)
        except KeyError:
            return None
        try:
            with self.zip.open(info) as handle:
                data = handle.read(MAX_PART_BYTES + 1)  # the declared size may lie: cap it
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            NotImplementedError,
            RuntimeError,
        ) as error:
            raise self.refused(f"it is damaged ({part} cannot be unpacked: {error})") from None
        if len(data) > MAX_PART_BYTES:
            raise self.refused(f"its part {part} unpacks to more than {MAX_PART_BYTES // MB} MB")
        return data

    def refused(self, reason: str) -> ReturnedFileRefused:
        return ReturnedFileRefused(f"{self.name}: refused: {reason}")


def read_file(path: Path, name: str | None = None) -> bytes:
    """The bytes of a returned file, read once; refused if it is too large to be a review copy
    (checked before reading, so a huge file is never loaded)."""
    name = name or path.name
    try:
        if (size := path.stat().st_size) > MAX_FILE_BYTES:
            raise _too_large(name, size)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # the file may have grown since
    except OSError as error:
        raise ReturnedFileRefused(
            f"{name}: refused: it cannot be read ({error.strerror or error})"
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(name, len(data))
    return data


def _too_large(name: str, size: int) -> ReturnedFileRefused:
    return ReturnedFileRefused(
        f"{name}: refused: the file is {size // MB} MB; a returned copy may be at most "
        f"{MAX_FILE_BYTES // MB} MB (ask for it again without embedded media)"
    )


def open_package(data: bytes, name: str) -> Package:
    """Open the bytes of file `name` as a Word .docx after checking kind, members and content
    types."""

    def refused(reason: str) -> ReturnedFileRefused:
        return ReturnedFileRefused(f"{name}: refused: {reason}")

    head = data[:8]
    if head == OLE_MAGIC:
        raise refused(_ole_reason(data))
    if not head.startswith(b"PK"):
        raise refused(f"it is not a Word .docx file{_kind_hint(head)}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        # A zip archive keeps its table of contents at its end: a file cut short in sending
        # (or saved half-way) loses it first.
        raise refused(
            "it is damaged or incomplete (it may have been cut short in sending); ask the "
            "delegation to send it again"
        ) from None
    try:
        _check_members(archive, refused)
        package = Package(name, archive, "")
        package.main = _main_part(package, refused)
    except BaseException:
        archive.close()
        raise
    return package


def parse_part(file: str, part: str, data: bytes) -> _Element:
    """One XML part, refused if it declares a DTD or entities (OOXML never needs them)."""
    return parse_untrusted_xml(file, data, f"its part {part}", "Word")


def parse_untrusted_xml(file: str, data: bytes, what: str, writer: str) -> _Element:
    """XML from outside, `what` of `file` (what a refusal names), refused if it declares a DTD
    or entities, which `writer` never writes: no entity is expanded, nothing is fetched."""
    from lxml import etree

    if any(mark in data for mark in DTD_MARKS):
        raise _declares_dtd(file, what, writer)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        line = f" at line {error.lineno}" if getattr(error, "lineno", None) else ""
        subject = "it is" if what == "it" else f"{what.removeprefix('its part ')} is"
        raise ReturnedFileRefused(
            f"{file}: refused: it is damaged ({subject} not well-formed XML{line})"
        ) from None
    doctype = root.getroottree().docinfo
    if doctype.doctype or doctype.internalDTD is not None:  # encoded as the scan cannot see
        raise _declares_dtd(file, what, writer)  # (UTF-32, say), so the parsed tree is asked too
    return root


def _declares_dtd(file: str, what: str, writer: str) -> ReturnedFileRefused:
    return ReturnedFileRefused(
        f"{file}: refused: {what} declares a DTD or entities (<!DOCTYPE ...>), "
        f"which {writer} never writes; the file may be crafted to attack the reader"
    )


def _ole_reason(rest: bytes) -> str:
    """What an OLE compound file is: an encrypted .docx, or a Word 97-2003 .doc."""
    if ENCRYPTED_STREAM in rest:
        return (
            "it is protected by a password (Word encrypts such files); ask the delegation to "
            "remove the password (File > Info > Protect Document) and send it again"
        )
    return "it is a Word 97-2003 .doc file; open it in Word and save it as a .docx"


def _kind_hint(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return " (it is a PDF)"
    if head.startswith((b"{\\rtf", b"{\\RTF")):
        return " (it is an RTF file; save it as a .docx)"
    return ""


def _check_members(archive: zipfile.ZipFile, refused: Refuse) -> None:
    """Member count, declared sizes, packing ratio and encryption, before any is unpacked."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise refused(f"it holds {len(members)} parts; a Word file holds a few dozen")
    names = [m.filename for m in members]
    if len(set(names)) != len(names):
        raise refused("it is not a valid .docx (two parts have the same name)")
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        raise refused(
            f"it would unpack to {total // MB} MB (a zip bomb?); a returned copy unpacks to "
            f"at most {MAX_UNPACKED_BYTES // MB} MB"
        )
    for member in members:
        if member.flag_bits & 0x1:
            raise refused("its parts are encrypted; ask for a copy without a password")
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise refused(
                f"its part {member.filename} is packed {ratio:.0f} times (a zip bomb?); "
                "Word files pack at most a few dozen times"
            )


def _main_part(package: Package, refused: Refuse) -> str:
    """The main document part, found as Word finds it; .docm and .odt refused."""
    names = set(package.zip.namelist())
    if "[Content_Types].xml" not in names:
        if "mimetype" in names and "content.xml" in names:
            raise refused("it is an OpenDocument (.odt) file; save it as Word (.docx)")
        raise refused("it is not a Word .docx file (a zip archive of something else)")
    types = package.xml("[Content_Types].xml")
    declared = [] if types is None else list(types)  # never None: the part is listed above
    if any(MACRO_TYPE in (t.get("ContentType") or "") for t in declared):
        raise refused("it is a macro-enabled document (.docm); save it as a plain .docx")
    main = None
    rels = package.xml("_rels/.rels")
    for rel in () if rels is None else rels.iter(f"{{{RELS}}}Relationship"):
        kind = rel.get("Type")
        if kind == STRICT_DOCUMENT:
            raise refused("it is saved as Strict Open XML; save it as a Word Document (.docx)")
        if kind == OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            main = _resolve("", rel.get("Target", ""))
    if main is None or main not in names:
        raise refused("it is not a Word .docx file (it has no main document)")
    return main


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a member name; absolute targets start at the package root."""
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    path = posixpath.normpath(path)
    return "" if path.startswith("..") else path


def core_properties(package: Package) -> dict[str, str]:
    """The core properties (title, identifier, version, lastModifiedBy ...) by local name."""
    part = package.related("", "core-properties") or "docProps/core.xml"
    root = package.xml(part)
    if root is None:
        return {}
    return {
        re.sub(r"^\{.*\}", "", child.tag): (child.text or "").strip()
        for child in root
        if isinstance(child.tag, str)
    }
