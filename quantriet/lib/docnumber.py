"""Party document numbers: `20-HD/BTGTW`, `28-KH/TU`, `05-CTr/HU`, `12-NQ/TW`.

A number is `<number>-<type code>/<issuer code>` (Hướng dẫn 36-HD/VPTW on Party document
format). Pure Python: errors carry a machine `reason` and the offending `value`, and the
caller words them for the user (in Vietnamese, through gettext).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Type codes of Party documents, in canonical spelling (case matters: CT ≠ CTr, QĐ ≠ QĐi).
TYPE_CODES: tuple[str, ...] = (
    "NQ",   # Nghị quyết
    "CT",   # Chỉ thị
    "KL",   # Kết luận
    "QĐ",   # Quyết định
    "QĐi",  # Quy định
    "QC",   # Quy chế
    "HD",   # Hướng dẫn
    "KH",   # Kế hoạch
    "CTr",  # Chương trình (hành động)
    "BC",   # Báo cáo
    "TB",   # Thông báo
    "TT",   # Tờ trình
    "CV",   # Công văn
)

_MAX_NUMBER = 99999
_SHAPE = re.compile(r"^(?P<number>[^-/\s]+)\s*-\s*(?P<type>[^-/\s]+)\s*/\s*(?P<issuer>\S+)$")
_ISSUER = re.compile(r"^[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*$")
_PREFIX = re.compile(r"^(số|so)\s*[:.]?\s*", re.IGNORECASE)


def _key(code: str) -> str:
    """Case- and accent-insensitive key: "qdi", "QĐi" and "QDI" are the same code."""
    decomposed = unicodedata.normalize("NFD", code.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


_BY_KEY = {_key(code): code for code in TYPE_CODES}


class DocNumberError(ValueError):
    """reason: "empty", "shape", "number", "type" or "issuer"; value: the offending part."""

    def __init__(self, reason: str, value: str):
        self.reason = reason
        self.value = value
        super().__init__(f"{reason}: {value!r}")


@dataclass(frozen=True)
class DocNumber:
    number: str
    type_code: str
    issuer: str

    def __str__(self) -> str:
        return f"{self.number}-{self.type_code}/{self.issuer}"


def parse(text: str) -> DocNumber:
    """Read a document number, forgiving spacing, a leading "Số", NFD text, case in the
    type code ("ctr" → "CTr", "QD" → "QĐ") and case in the issuer ("btgtw" → "BTGTW").
    The number keeps its written zeros ("05")."""
    s = unicodedata.normalize("NFC", text or "").strip()
    s = _PREFIX.sub("", s)
    if not s:
        raise DocNumberError("empty", text or "")
    m = _SHAPE.match(s)
    if m is None:
        raise DocNumberError("shape", s)
    number, type_code, issuer = m["number"], m["type"], m["issuer"]
    if not number.isascii() or not number.isdigit() or not 0 < int(number) <= _MAX_NUMBER:
        raise DocNumberError("number", number)
    canonical = _BY_KEY.get(_key(type_code))
    if canonical is None:
        raise DocNumberError("type", type_code)
    issuer = issuer.upper()
    if not _ISSUER.match(issuer):
        raise DocNumberError("issuer", issuer)
    return DocNumber(number=number, type_code=canonical, issuer=issuer)


def format_number(number: str | int, type_code: str, issuer: str) -> str:
    """The canonical text of a number from its parts (validated)."""
    return str(parse(f"{number}-{type_code}/{issuer}"))
