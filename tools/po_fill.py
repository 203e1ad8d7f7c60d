"""Fill empty msgstr entries of the Vietnamese catalogue from a JSON dict {msgid: msgstr}.

    python tools/po_fill.py quantriet/locale/vi/LC_MESSAGES/django.po NEW.json

For plural entries give a one-element list (Vietnamese has one plural form). Existing
translations are kept; fuzzy entries (msgmerge's guesses) are
replaced and lose the flag. Prints what is
still untranslated. Then: make messages (or quantriet compilemessages -l vi).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata

STRING = r'"(?:[^"\\]|\\.)*"'
FIELD = re.compile(rf"^(msgid|msgid_plural|msgstr|msgstr\[0\]|msgctxt) ((?:{STRING}\n?)+)", re.M)


def unquote(block: str) -> str:
    return "".join(json.loads(line) for line in block.strip().split("\n"))


def fill_entry(entry: str, table: dict) -> tuple[str, bool]:
    """(new entry text, still untranslated?)"""
    fields = {m.group(1): m for m in FIELD.finditer(entry)}
    if "msgid" not in fields or unquote(fields["msgid"].group(2)) == "":
        return entry, False
    key = "msgstr[0]" if "msgid_plural" in fields else "msgstr"
    target = fields.get(key)
    # A fuzzy entry holds msgmerge's guess from a similar msgid: as good as untranslated.
    fuzzy = re.search(r"^#,.*\bfuzzy\b", entry, re.M) is not None
    if target is None or (unquote(target.group(2)) != "" and not fuzzy):
        return entry, False
    value = table.get(unquote(fields["msgid"].group(2)))
    if isinstance(value, list):
        value = value[0] if value else None
    if not value:
        return entry, True
    text = json.dumps(unicodedata.normalize("NFC", value), ensure_ascii=False)
    entry = entry[:target.start()] + f"{key} {text}\n" + entry[target.end():]
    entry = re.sub(r"^#\| .*\n", "", entry, flags=re.M)  # msgmerge's previous msgid
    return entry.replace("#, fuzzy\n", "").replace(", fuzzy", ""), False


def main(po_path: str, json_path: str) -> int:
    with open(po_path, encoding="utf-8") as f:
        entries = f.read().split("\n\n")
    with open(json_path, encoding="utf-8") as f:
        table = json.load(f)
    out, missing = [], []
    for entry in entries:
        new, untranslated = fill_entry(entry, table)
        out.append(new.rstrip("\n"))
        if untranslated:
            missing.append(unquote(FIELD.search(entry).group(2)))
    with open(po_path, "w", encoding="utf-8") as f:
        f.write("\n\n".join(out) + "\n")
    for msgid in missing:
        print("untranslated:", repr(msgid))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
