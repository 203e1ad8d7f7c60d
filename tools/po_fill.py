"""Fill msgstr entries of the Vietnamese catalogue from a JSON dict {msgid: msgstr}.

Usage: python tools/po_fill.py quantriet/locale/vi/LC_MESSAGES/django.po NEW.json
Plural entries take a list of one string (Vietnamese has one plural form).
Only empty msgstr entries are filled; existing translations are kept. Prints what is
still untranslated.
"""

import json
import re
import sys
import unicodedata


def unquote(block: str) -> str:
    return "".join(
        json.loads(line) for line in block.strip().split("\n")
    )


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def main(po_path: str, json_path: str) -> int:
    po = open(po_path, encoding="utf-8").read()
    table = json.load(open(json_path, encoding="utf-8"))
    entries = po.split("\n\n")
    missing = []
    out = []
    for entry in entries:
        m = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        if not m or unquote(m.group(1)) == "":
            out.append(entry)
            continue
        msgid = unquote(m.group(1))
        value = table.get(msgid)
        if "msgid_plural" in entry:
            if re.search(r'^msgstr\[0\] ""\s*$', entry, re.M) and value:
                text = value[0] if isinstance(value, list) else value
                entry = re.sub(r'^msgstr\[0\] ""\s*$',
                               "msgstr[0] " + quote(unicodedata.normalize("NFC", text)),
                               entry, flags=re.M)
            if re.search(r'^msgstr\[0\] ""\s*$', entry, re.M):
                missing.append(msgid)
        else:
            if re.search(r'^msgstr ""\s*\Z', entry.strip() + "\n", re.M) and value:
                entry = re.sub(r'^msgstr ""\s*\Z',
                               "msgstr " + quote(unicodedata.normalize("NFC", value)),
                               entry.rstrip("\n"), flags=re.M)
            if re.search(r'^msgstr ""\s*\Z', entry.strip(), re.M):
                missing.append(msgid)
        entry = entry.replace("#, fuzzy\n", "") if not entry.startswith("# SOME") else entry
        out.append(entry)
    open(po_path, "w", encoding="utf-8").write("\n\n".join(out))
    for msgid in missing:
        print("untranslated:", repr(msgid))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
