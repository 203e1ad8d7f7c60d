"""Plain text out of an uploaded report (.docx through python-docx, or .txt), NFC."""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _

from quantriet import uploads
from quantriet.lib import vntext

MAX_TEXT_CHARS = 60_000
EXTENSIONS = ("docx", "txt")


class ExtractError(ValueError):
    """The file cannot give a report's text; the message is for the user."""


def _docx_text(data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise ExtractError(_("The file is not a readable Word document (.docx). Save it "
                             "again as .docx (not .doc) and upload it again.")) from None
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _txt_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractError(_("The text file is not in UTF-8: save it again choosing the "
                             "UTF-8 encoding and upload it again.")) from None


def clean_text(text: str) -> str:
    """NFC, trailing spaces trimmed, runs of blank lines collapsed to one."""
    lines = [line.rstrip() for line in vntext.nfc(text or "").replace("\r\n", "\n")
             .replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip().replace("\x00", "")


def check_text(text: str) -> str:
    """The cleaned text, or ExtractError if it is empty or too long."""
    text = clean_text(text)
    if not text:
        raise ExtractError(_("The report is empty."))
    if len(text) > MAX_TEXT_CHARS:
        raise ExtractError(_("The report is too long (%(n)s characters); the limit is "
                             "%(max)s.") % {"n": vntext.format_int(len(text)),
                                            "max": vntext.format_int(MAX_TEXT_CHARS)})
    return text


def extract_text(data: bytes, filename: str) -> str:
    try:
        # Extension, size (UPLOAD_MAX_BYTES["text"]), content, zip-bomb bounds.
        uploads.check(data, filename, "text")
    except uploads.UploadRejected as e:
        raise ExtractError(e.message) from None
    ext = uploads.extension(filename)
    if ext == "docx":
        text = _docx_text(data)
    elif ext == "txt":
        text = _txt_text(data)
    else:
        raise ExtractError(_("Only .docx (Word) or .txt files are accepted; the file "
                             "«%(file)s» is neither.") % {"file": filename})
    return check_text(text)
