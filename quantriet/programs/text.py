"""Program text as numbered sections: reading typed text and Word files, and the
side-by-side difference between two versions (difflib, per section, escaped then marked)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from quantriet.lib import vntext

MAX_DOCX_BYTES = 5 * 1024 * 1024
MAX_SECTIONS = 300
MAX_HEADING = 500

# "1.", "2.3)", "II." or "Điều 3." at the start of a line starts a section; lettered
# points ("a)", "b)") stay in their section's text.
_PREFIX = r"^\s*(?:(?:Điều|Phần|Mục|Chương)\s+)?"
_NUMBERED = (
    re.compile(_PREFIX + r"(?P<number>\d+(?:\.\d+)+)\.?\s+(?P<rest>\S.*)$"),  # 2.1 / 2.1.
    re.compile(_PREFIX + r"(?P<number>\d+|[IVXLC]+)\s*[.):/]\s*(?P<rest>\S.*)$"),
)


class TextError(ValueError):
    """reason: "empty", "too_many", "not_docx", "too_big"; the caller words it."""

    def __init__(self, reason: str, value: str = ""):
        self.reason = reason
        self.value = value
        super().__init__(f"{reason}: {value!r}")


@dataclass
class Draft:
    number: str
    heading: str
    body: str = ""


def _split_heading(line: str) -> tuple[str | None, str]:
    for pattern in _NUMBERED:
        m = pattern.match(line)
        if m is not None:
            return m["number"], m["rest"].strip()
    return None, line


def sections_from_lines(lines: list[tuple[str, bool]]) -> list[Draft]:
    """Lines as (text, is_heading). A heading line, or a line that starts with a number
    ("1.", "2.1", "II."), starts a section; other lines are its body. Text before the
    first section becomes an introduction numbered "0". Sections without a written
    number get the next number in order."""
    sections: list[Draft] = []
    counter = 0
    for raw, is_heading in lines:
        line = vntext.nfc(raw or "").strip()
        if not line:
            if sections and sections[-1].body and not sections[-1].body.endswith("\n\n"):
                sections[-1].body += "\n"
            continue
        number, rest = _split_heading(line)
        if number is not None or is_heading:
            counter += 1
            sections.append(Draft(number=number or str(counter), heading=rest[:MAX_HEADING]))
            if len(sections) > MAX_SECTIONS:
                raise TextError("too_many", str(MAX_SECTIONS))
            continue
        if not sections:
            sections.append(Draft(number="0", heading=""))
        body = sections[-1].body
        sections[-1].body = f"{body}\n{line}" if body else line
    for s in sections:
        s.body = re.sub(r"\n{3,}", "\n\n", s.body).strip()
    if not sections:
        raise TextError("empty")
    return sections


def sections_from_text(text: str) -> list[Draft]:
    return sections_from_lines([(line, False) for line in (text or "").splitlines()])


def sections_from_docx(fileobj, size: int | None = None) -> list[Draft]:
    """Headings and numbered paragraphs (typed numbers or Word's own numbering) start
    sections; the other paragraphs are their text."""
    import zipfile

    from docx import Document as DocxDocument

    if size is not None and size > MAX_DOCX_BYTES:
        raise TextError("too_big", str(MAX_DOCX_BYTES // (1024 * 1024)))
    try:
        doc = DocxDocument(fileobj)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TextError("not_docx", str(exc)) from None
    except Exception as exc:  # python-docx raises its own errors for non-Word zips
        raise TextError("not_docx", str(exc)) from None
    lines = []
    for paragraph in doc.paragraphs:
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        p_pr = paragraph._p.pPr
        style_pr = paragraph.style.element.pPr if paragraph.style is not None else None
        auto_numbered = (p_pr is not None and p_pr.numPr is not None) or (
            style_pr is not None and style_pr.numPr is not None) or style.startswith(
            "list number")
        # Headings start sections; a "Title" (the document's name) stays in the introduction.
        is_heading = style.startswith("heading") or (
            auto_numbered and not style.startswith("list bullet"))
        lines.append((paragraph.text, is_heading))
    return sections_from_lines(lines)


def as_text(sections) -> str:
    """Sections back as typed text (to edit a new version from the last one)."""
    parts = []
    for s in sections:
        head = f"{s.number}. {s.heading}".strip() if s.number != "0" else ""
        parts.append("\n".join(p for p in (head, s.body) if p))
    return "\n\n".join(parts)


# --- Difference ---------------------------------------------------------------------------

_TOKEN = re.compile(r"\s+|[^\s]+")


def _marked(a: str, b: str) -> tuple[SafeString, SafeString]:
    """Both texts escaped, with removed words in <del> (left) and added words in <ins>
    (right). Escaping comes first: user text never reaches the page unescaped."""
    ta, tb = _TOKEN.findall(a or ""), _TOKEN.findall(b or "")
    left, right = [], []
    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = escape("".join(ta[i1:i2])), escape("".join(tb[j1:j2]))
        if op == "equal":
            left.append(old)
            right.append(new)
            continue
        if old:
            left.append(f"<del>{old}</del>")
        if new:
            right.append(f"<ins>{new}</ins>")
    # Safe: every piece of text was escaped above; only our own tags are added.
    return mark_safe("".join(left)), mark_safe("".join(right))


def _key(section) -> str:
    return vntext.fold(section.heading) or section.number


def diff_sections(old, new) -> list[dict]:
    """Rows {"number", "change": same|changed|added|removed, "left", "right"}: sections
    are paired by heading (a renumbered section still pairs), else by number within a
    replaced run (a rewritten heading); within a pair, words are compared."""
    old, new = list(old), list(new)

    def text(s) -> str:
        return f"{s.heading}\n{s.body}".strip()

    def label(a, b) -> str:
        return b.number if a.number == b.number else f"{a.number} → {b.number}"

    rows: list[dict] = []

    def pair(a, b) -> None:
        left, right = _marked(text(a), text(b))
        rows.append({"number": label(a, b), "change": "same" if text(a) == text(b)
                     else "changed", "left": left, "right": right})

    def removed(a) -> None:
        rows.append({"number": a.number, "change": "removed", "left": escape(text(a)),
                     "right": ""})

    def added(b) -> None:
        rows.append({"number": b.number, "change": "added", "left": "",
                     "right": escape(text(b))})

    matcher = difflib.SequenceMatcher(None, [_key(s) for s in old], [_key(s) for s in new],
                                      autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or op == "replace":
            common = min(i2 - i1, j2 - j1)
            for k in range(common):
                a, b = old[i1 + k], new[j1 + k]
                if op == "equal" or a.number == b.number:
                    pair(a, b)  # same heading, or the heading of one section rewritten
                else:
                    removed(a)
                    added(b)
            for a in old[i1 + common:i2]:
                removed(a)
            for b in new[j1 + common:j2]:
                added(b)
        elif op == "delete":
            for a in old[i1:i2]:
                removed(a)
        else:
            for b in new[j1:j2]:
                added(b)
    return rows
