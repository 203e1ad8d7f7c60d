"""The Vietnamese catalogue: complete, clean, and compiled from its current source."""

from __future__ import annotations

import gettext
import json
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

LC_MESSAGES = Path(__file__).resolve().parents[1] / "locale" / "vi" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

# A Python %-format conversion with a name: %(name)s, %(count)d, %(size).1f ...
NAMED_PLACEHOLDER_RE = re.compile(r"%\((\w+)\)[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
KEYWORD_RE = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # plural index (0 for singular)

    @property
    def label(self) -> str:
        return f"django.po:{self.line} {self.msgid!r}"


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file (obsolete `#~` entries are left out)."""
    entries: list[Entry] = []
    current: Entry | None = None
    flags: set[str] = set()
    target: tuple[str, int] | None = None  # the field continuation lines extend

    def append(name: str, index: int, value: str) -> None:
        if name == "msgstr":
            current.msgstr[index] = current.msgstr.get(index, "") + value
        else:
            setattr(current, name, (getattr(current, name) or "") + value)

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            target = None
            continue
        if line.startswith("#,"):
            flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            assert target is not None, f"django.po:{number}: a string outside any field"
            append(*target, json.loads(line))
            continue
        match = KEYWORD_RE.match(line)
        assert match, f"django.po:{number}: cannot parse {raw!r}"
        keyword, index, value = match.group(1), match.group(2), json.loads(match.group(3))
        if keyword in ("msgctxt", "msgid") and (current is None or current.msgstr):
            current = Entry(line=number, flags=flags)
            entries.append(current)
            flags = set()
        name = "msgstr" if keyword.startswith("msgstr") else keyword
        target = (name, int(index or 0))
        append(*target, value)
    return entries


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return [e for e in parse_po(PO.read_text(encoding="utf-8")) if e.msgid != ""]


@pytest.fixture(scope="module")
def nplurals() -> int:
    header = next(e for e in parse_po(PO.read_text(encoding="utf-8")) if e.msgid == "")
    match = re.search(r"nplurals\s*=\s*(\d+)", header.msgstr[0])
    assert match, "the catalogue header has no Plural-Forms"
    return int(match.group(1))


def test_it_parses_a_real_catalogue(entries):
    assert len(entries) > 100
    assert any(e.msgid_plural for e in entries)


def test_it_translates_every_entry(entries, nplurals):
    missing = []
    for e in entries:
        forms = list(range(nplurals)) if e.msgid_plural is not None else [0]
        if sorted(e.msgstr) != forms or not all(e.msgstr[i].strip() for i in forms):
            missing.append(e.label)
    assert missing == []


def test_it_has_no_fuzzy_entry(entries):
    assert [e.label for e in entries if "fuzzy" in e.flags] == []


def test_it_keeps_every_translation_nfc(entries):
    assert [e.label for e in entries
            if any(unicodedata.normalize("NFC", s) != s for s in e.msgstr.values())] == []


def test_it_keeps_the_same_named_placeholders(entries):
    wrong = []
    for e in entries:
        source = set(NAMED_PLACEHOLDER_RE.findall(e.msgid))
        if e.msgid_plural is not None:
            source |= set(NAMED_PLACEHOLDER_RE.findall(e.msgid_plural))
        for index, text in e.msgstr.items():
            found = set(NAMED_PLACEHOLDER_RE.findall(text))
            if found != source:
                wrong.append(f"{e.label} msgstr[{index}]: {sorted(found)} != {sorted(source)}")
    assert wrong == []


def test_it_ships_a_mo_compiled_from_the_current_po(tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    fresh = tmp_path / "django.mo"
    # The options of Django's compilemessages.
    subprocess.run([msgfmt, "--check-format", "-o", str(fresh), str(PO)], check=True,
                   capture_output=True)
    with fresh.open("rb") as f:
        expected = gettext.GNUTranslations(f)
    with MO.open("rb") as f:
        shipped = gettext.GNUTranslations(f)
    stale = {k for k in expected._catalog.keys() | shipped._catalog.keys()
             if expected._catalog.get(k) != shipped._catalog.get(k)}
    assert not stale, ("django.mo is out of date: run `quantriet compilemessages -l vi`; "
                       f"differs on {sorted(map(str, stale))[:5]}")


def test_it_says_party_members_in_vietnamese():
    with translation.override("vi"):
        assert translation.gettext("Party members") == "Đảng viên"
