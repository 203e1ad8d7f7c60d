"""Bounds on every uploaded file: the one place that decides what the server will parse.

Each upload has a *kind* (a roster table, a zip of learning reports, a Word program, an
attachment, evidence, a scan). For each kind this module checks, before anything parses the
file, and raising `UploadRejected` (a ValidationError with one Vietnamese message naming the
file and the reason) when it fails:

- the extension is one the kind accepts;
- the size is within the kind's limit (settings `UPLOAD_MAX_BYTES`, `IMPORT_MAX_BYTES` for
  tables; env-overridable, see docs/formats.md);
- the content matches the extension (a .docx/.xlsx is a zip holding the part Word/Excel
  writes, a .pdf starts with %PDF, a .csv/.txt is text, …);
- a zip container (.docx, .xlsx, .odt, .ods, .zip) is no zip bomb: at most
  `UPLOAD_ZIP_MAX_MEMBERS` members, `UPLOAD_ZIP_MAX_UNCOMPRESSED` bytes unpacked, no member
  compressed more than `UPLOAD_ZIP_MAX_RATIO` times, and no archive inside a .zip. The
  sizes are the ones the archive declares; Python's zipfile never unpacks more than the
  declared size of a member, so a lying header cannot get past the bound.

Tables are then decoded by `decode_csv` (UTF-8 only, with a clear message for UTF-16 and
Windows-1258 files, the two encodings Excel writes when not told "CSV UTF-8") and bounded in
rows by `IMPORT_MAX_ROWS` (`check_rows`).

Forms use `UploadField(kind=...)` or `validator(kind)`; parsers call `check(data, name,
kind)` again, so files reaching them another way (commands, background jobs) get the same
bounds. Nothing here writes anything.
"""

from __future__ import annotations

import io
import os
import zipfile

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from quantriet.lib import vntext

KIND_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "table": ("csv", "xlsx"),  # rosters, attendance sheets
    "reports": ("csv", "xlsx", "zip"),  # bulk learning reports
    "text": ("docx", "txt"),  # a learning report, a copy-check reference text
    "word": ("docx",),  # an action program's text
    "attachment": ("pdf", "doc", "docx"),  # guiding documents, deliverables
    "evidence": ("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "jpg", "jpeg", "png",
                 "txt"),  # progress evidence on a program task
    "scan": ("pdf", "jpg", "jpeg", "png"),  # the scan of a paper learning report
}

ZIP_CONTAINERS = ("docx", "xlsx", "odt", "ods", "zip")
# The part a real file of that kind always holds.
REQUIRED_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml",
                 "odt": "content.xml", "ods": "content.xml"}
SIGNATURES = {
    "pdf": (b"%PDF",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),  # OLE2 compound file
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
TEXT_KINDS = ("csv", "txt")
# Members a .zip of reports may not hold: archives inside archives.
NESTED_ARCHIVES = (".zip", ".rar", ".7z", ".gz", ".tar", ".tgz", ".bz2", ".xz")
# Small members (XML of an empty Word document, a run of blank cells) compress very well
# and harmlessly; the ratio is checked only on members larger than this.
RATIO_MIN_BYTES = 1024 * 1024


class UploadRejected(ValidationError):
    """The file was refused before any parsing; `str(self)`/`.message` is for the user."""

    def __init__(self, message: str):
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


def extension(filename: str) -> str:
    name = os.path.basename((filename or "").replace("\\", "/"))
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def display_name(filename: str) -> str:
    return vntext.clean(os.path.basename((filename or "").replace("\\", "/")))[:120] or "?"


def max_bytes(kind: str) -> int:
    if kind == "table":
        return int(settings.IMPORT_MAX_BYTES)
    return int(settings.UPLOAD_MAX_BYTES[kind])


def _mb(n: int) -> str:
    return vntext.format_decimal(n / 1048576)


def _accepted(kind: str) -> str:
    return ", ".join("." + e for e in KIND_EXTENSIONS[kind])


def _what(ext: str) -> str:
    names = {
        "docx": _("a Word document (.docx)"), "doc": _("a Word document (.doc)"),
        "xlsx": _("an Excel workbook (.xlsx)"), "xls": _("an Excel workbook (.xls)"),
        "pdf": _("a PDF document (.pdf)"), "zip": _("a .zip archive"),
        "jpg": _("a JPEG image"), "jpeg": _("a JPEG image"), "png": _("a PNG image"),
    }
    return names.get(ext, "." + ext)


def _mismatch(name: str, ext: str) -> UploadRejected:
    return UploadRejected(_("The file «%(file)s» is not really %(what)s: its content does "
                            "not match its name. Save it again in that format and upload it "
                            "again.") % {"file": name, "what": _what(ext)})


# --- Checks -------------------------------------------------------------------------------


def check_name_and_size(filename: str, size: int, kind: str) -> str:
    """The file's extension, or UploadRejected (wrong extension, empty, too large)."""
    name, ext = display_name(filename), extension(filename)
    if ext not in KIND_EXTENSIONS[kind]:
        raise UploadRejected(_("Only %(allowed)s files are accepted here; the file "
                               "«%(file)s» is not one of them.")
                             % {"file": name, "allowed": _accepted(kind)})
    if size <= 0:
        raise UploadRejected(_("The file «%(file)s» is empty.") % {"file": name})
    limit = max_bytes(kind)
    if size > limit:
        raise UploadRejected(_("File too large: «%(file)s» has %(size)s MB; the limit is "
                               "%(max)s MB.")
                             % {"file": name, "size": _mb(size), "max": _mb(limit)})
    return ext


def check(data: bytes, filename: str, kind: str) -> str:
    """Extension, size, content and zip bounds of `data`; returns the extension."""
    ext = check_name_and_size(filename, len(data), kind)
    if ext in ZIP_CONTAINERS:
        check_zip(data, filename, nested_allowed=ext != "zip")
    else:
        _check_content(data, filename, ext)
    return ext


def _check_content(data: bytes, filename: str, ext: str) -> None:
    """Signatures and text of what is not a zip (`data`: the whole file for a .csv, its
    first 64 KiB is enough for the rest)."""
    name = display_name(filename)
    if ext in SIGNATURES:
        if not data.startswith(SIGNATURES[ext]):
            raise _mismatch(name, ext)
    elif ext in TEXT_KINDS:
        head = data[:65536]
        if b"\x00" in head and not _looks_utf16(head):
            raise UploadRejected(_("The file «%(file)s» is not a text file (it holds binary "
                                   "data); save it again as .%(ext)s and upload it again.")
                                 % {"file": name, "ext": ext})
        if ext == "csv":
            decode_csv(data, filename)  # told at upload, not later by a failed import job


def check_zip(data, filename: str, *, nested_allowed: bool = True) -> None:
    """UploadRejected unless `data` (bytes or a seekable file) is a readable zip (holding
    the part a .docx/.xlsx must hold) within the member, size and ratio bounds; only its
    directory is read. nested_allowed=False (a .zip of files) refuses archives inside it."""
    name, ext = display_name(filename), extension(filename)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes | bytearray)
                                  else data)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        if ext in REQUIRED_PART:
            raise _mismatch(name, ext) from None
        raise UploadRejected(_("The file «%(file)s» is not a readable .zip archive.")
                             % {"file": name}) from None
    if len(infos) > settings.UPLOAD_ZIP_MAX_MEMBERS:
        raise UploadRejected(_("The file «%(file)s» holds %(n)s files; the limit is %(max)s.")
                             % {"file": name, "n": vntext.format_int(len(infos)),
                                "max": vntext.format_int(settings.UPLOAD_ZIP_MAX_MEMBERS)})
    total = sum(i.file_size for i in infos)
    if total > settings.UPLOAD_ZIP_MAX_UNCOMPRESSED:
        raise UploadRejected(_("The file «%(file)s» would unpack to %(size)s MB; the limit is "
                               "%(max)s MB. It is refused (a possible zip bomb).")
                             % {"file": name, "size": _mb(total),
                                "max": _mb(settings.UPLOAD_ZIP_MAX_UNCOMPRESSED)})
    max_ratio = settings.UPLOAD_ZIP_MAX_RATIO
    for info in infos:
        if info.file_size > RATIO_MIN_BYTES and \
                info.file_size > max_ratio * max(info.compress_size, 1):
            raise UploadRejected(_(
                "The file «%(file)s» is compressed suspiciously tightly (part «%(part)s» "
                "unpacks to %(ratio)s times its size; the limit is %(max)s). It is refused (a "
                "possible zip bomb).") % {
                "file": name, "part": vntext.clean(info.filename)[:120],
                "ratio": vntext.format_int(info.file_size // max(info.compress_size, 1)),
                "max": vntext.format_int(max_ratio)})
        if not nested_allowed and not info.is_dir() \
                and info.filename.lower().endswith(NESTED_ARCHIVES):
            raise UploadRejected(_("The file «%(file)s» holds another archive («%(part)s»); "
                                   "unpack it and put its files in the .zip directly.")
                                 % {"file": name, "part": vntext.clean(info.filename)[:120]})
    part = REQUIRED_PART.get(ext)
    if part is not None and part not in {i.filename for i in infos}:
        raise _mismatch(name, ext)


# --- Text tables --------------------------------------------------------------------------


def _looks_utf16(data: bytes) -> bool:
    """A BOM, or (without one) a NUL in every other byte of mostly-ASCII text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = data[:4096]
    return len(head) >= 4 and max(head[0::2].count(0), head[1::2].count(0)) > len(head) // 4


def _guess_encoding(data: bytes) -> str:
    if _looks_utf16(data):
        return _("UTF-16 (Excel's «Unicode Text»)")
    try:
        data.decode("cp1258")
    except UnicodeDecodeError:
        return _("an unknown encoding")
    return _("Windows-1258 (Excel's «CSV (Comma delimited)»)")


def decode_csv(data: bytes, filename: str) -> str:
    """The text of a UTF-8 CSV (BOM tolerated); UploadRejected naming the encoding it seems
    to be in otherwise."""
    try:
        if _looks_utf16(data):  # NULs are valid UTF-8: UTF-16 text must be caught first
            raise UnicodeDecodeError("utf-16", data[:2], 0, 2, "UTF-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadRejected(_(
            "The file is not UTF-8: «%(file)s» seems to be saved in %(encoding)s. In Excel "
            "choose File › Save As › «CSV UTF-8 (Comma delimited) (*.csv)» (or choose the "
            "UTF-8 encoding when saving) and upload the new file.")
            % {"file": display_name(filename), "encoding": _guess_encoding(data)}) from None


def check_rows(count: int, filename: str) -> None:
    """UploadRejected if a table has more than IMPORT_MAX_ROWS rows (header included)."""
    limit = settings.IMPORT_MAX_ROWS
    if count > limit:
        raise UploadRejected(_("The file «%(file)s» has more than %(max)s rows; split it into "
                               "several files of at most %(max)s rows.")
                             % {"file": display_name(filename), "max": vntext.format_int(limit)})


# --- Forms --------------------------------------------------------------------------------


def check_file(f, kind: str):
    """`check` on an uploaded file, reading only what it needs (a zip's directory, a
    file's first bytes, a CSV whole); rewound; returns the file."""
    ext = check_name_and_size(f.name, f.size or 0, kind)
    f.seek(0)
    try:
        if ext in ZIP_CONTAINERS:
            check_zip(f, f.name, nested_allowed=ext != "zip")
        else:
            _check_content(f.read() if ext == "csv" else f.read(65536), f.name, ext)
    finally:
        f.seek(0)
    return f


def validator(kind: str):
    """A form field validator for uploads of `kind`."""
    def validate(f):
        check_file(f, kind)
    validate.kind = kind
    return validate


class UploadField(forms.FileField):
    """A FileField bounded by `kind`; the browser's picker offers only its extensions."""

    def __init__(self, *args, kind: str, **kwargs):
        self.kind = kind
        kwargs["validators"] = [*kwargs.get("validators", ()), validator(kind)]
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ",".join("." + e for e in KIND_EXTENSIONS[kind]))
