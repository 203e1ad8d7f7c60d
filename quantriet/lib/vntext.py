"""Vietnamese text helpers: normalisation, accent folding, tone-mark placement,
name ordering keys, and number/date formatting for the vi-VN locale.

Pure standard library, no Django; safe to import from anywhere (models, importers, CLI).

Summary of the public API:

* ``nfc``, ``clean``: Unicode NFC; NFC + whitespace/zero-width clean-up.
* ``fold``: accent-insensitive search key ("Nguyễn Văn An" -> "nguyen van an").
* ``normalize_tones``, ``tone_key``: canonical tone-mark placement ("hòa" <-> "hoà").
* ``name_sort_key``: ASCII ``[0-9a-z]`` key that orders Vietnamese personal names
  by given name, middle names, then family name, in Vietnamese alphabet order.
* ``split_name``: (family, middle, given).
* ``format_int``, ``format_decimal``, ``format_percent``, ``percent``,
  ``format_date``, ``format_date_line``, ``parse_date``.
"""

from __future__ import annotations

import functools
import operator
import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

__all__ = [
    "clean",
    "fold",
    "format_date",
    "format_date_line",
    "format_decimal",
    "format_int",
    "format_percent",
    "name_sort_key",
    "nfc",
    "normalize_tones",
    "parse_date",
    "percent",
    "split_name",
    "tone_key",
]

# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

# Invisible characters that sneak in from Word, web pages and Excel exports:
# zero-width space / non-joiner / joiner, word joiner, BOM (zero-width no-break
# space), Mongolian vowel separator and the soft hyphen.
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad]")
# In str patterns ``\s`` is Unicode-aware: it covers NBSP, tabs, line breaks, etc.
_SPACE_RE = re.compile(r"\s+")


def nfc(s: str) -> str:
    """Return ``s`` in Unicode Normalization Form C."""
    return unicodedata.normalize("NFC", s)


def clean(s: str | None) -> str:
    """NFC, drop zero-width characters/BOM, collapse all whitespace to single
    spaces and strip. ``None`` gives ``""``."""
    if s is None:
        return ""
    s = _INVISIBLE_RE.sub("", str(s))
    s = unicodedata.normalize("NFC", s)
    s = _SPACE_RE.sub(" ", s).strip()
    # Collapsing cannot create composable pairs in practice; normalise again to be
    # certain the result is NFC (cheap: NFC of an NFC string is a quick check).
    return unicodedata.normalize("NFC", s)


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def _fold_once(s: str) -> str:
    # Lowercase first: lower() can itself produce combining marks ("İ" -> "i̇").
    s = unicodedata.normalize("NFD", s.lower())
    s = "".join(ch for ch in s if not _is_mark(ch))
    s = s.replace("đ", "d")
    return _SPACE_RE.sub(" ", s).strip()


def _build_fold_table() -> dict[int, str]:
    """Precomposed Latin letters (Latin-1, Extended-A and -B, Extended Additional: every
    Vietnamese letter) whose slow fold is plain ASCII, mapped to it."""
    table: dict[int, str] = {}
    for lo, hi in ((0x00C0, 0x024F), (0x1E00, 0x1EFF)):
        for cp in range(lo, hi + 1):
            folded = _fold_once(chr(cp))
            if folded.isascii() and folded.isalpha():
                table[cp] = folded
    return table


_FOLD_TABLE = _build_fold_table()


def fold(s: str) -> str:
    """Accent-insensitive search form: lowercase, without any diacritics
    (tones and vowel shapes), ``đ`` -> ``d``, whitespace collapsed.

    ``fold("Nguyễn Văn An") == fold("NGUYEN  van an") == "nguyen van an"``; the
    same for NFC and NFD input. Vietnamese input folds to plain ASCII.
    """
    s = clean(s)
    # Fast path (C speed): text made of ASCII and precomposed Latin letters, which is
    # all Vietnamese text once NFC.
    quick = s.lower().translate(_FOLD_TABLE)
    if quick.isascii():
        return quick
    # One pass is enough for real text; iterate to a fixed point so that fold is
    # idempotent even for exotic code points.
    for _ in range(4):
        folded = _fold_once(s)
        if folded == s:
            break
        s = folded
    return s


# ---------------------------------------------------------------------------
# Tone marks
# ---------------------------------------------------------------------------

# Combining tone marks -> tone number in the order used for sorting:
# ngang (0, none) < huyền < hỏi < ngã < sắc < nặng.
_TONE_MARKS = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}

_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED_VOWELS = frozenset("ăâêôơư")
_VIET_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzăâđêôơư")

# Onsets, longest first. "gi" and "qu" count as consonant onsets (see _parse).
_ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x",
    "f", "j", "w", "z",
)
# Final consonants ("k" for place names of the Central Highlands: Đắk Lắk).
_CODAS = frozenset({"", "c", "ch", "k", "m", "n", "ng", "nh", "p", "t"})
# Vowel groups of Vietnamese syllables (after the onset). A syllable whose vowel
# group is not listed is not treated as Vietnamese and is left unchanged.
_NUCLEI = frozenset(
    """
    a ă â e ê i o ô ơ u ư y
    ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê
    iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu
    """.split()
)
# Glides whose tone position differs between the old and the new style when the
# syllable has no final consonant: hòa/hoà, khỏe/khoẻ, thủy/thuỷ.
_STYLE_GLIDES = frozenset({"oa", "oe", "uy"})

# Letters (plus combining marks) of one syllable candidate. Digits and punctuation
# split syllables.
_SYLLABLE_RE = re.compile(
    r"(?:[^\W\d_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+"
)


def _parse(lower: str) -> tuple[int, int, int] | None:
    """Split a lowercase toneless syllable into onset | nucleus | coda.

    Returns (nucleus_start, nucleus_end, len) or None if it is not Vietnamese.
    """
    onset = ""
    for candidate in _ONSETS:
        if lower.startswith(candidate):
            onset = candidate
            break
    if onset in ("gi", "qu"):
        # "gì", "gìn": the i is the vowel itself; likewise a bare "qu".
        if not any(ch in _VOWELS for ch in lower[2:]):
            onset = onset[0]
    start = len(onset)
    end = start
    while end < len(lower) and lower[end] in _VOWELS:
        end += 1
    nucleus, coda = lower[start:end], lower[end:]
    if nucleus not in _NUCLEI or coda not in _CODAS:
        return None
    return start, end, len(lower)


def _tone_index(nucleus: str, has_coda: bool, style: str) -> int:
    """Index inside ``nucleus`` of the vowel that carries the tone mark."""
    if len(nucleus) == 1:
        return 0
    marked = [i for i, ch in enumerate(nucleus) if ch in _MARKED_VOWELS]
    if marked:
        # ươ -> ơ, uô -> ô, iê/yê/uyê -> ê, ưa/ưu/ưi -> ư, âu/ây -> â, oă -> ă.
        return marked[-1]
    if has_coda:
        # hoàng, toán, huỳnh, xoong.
        return len(nucleus) - 1
    if len(nucleus) == 3:
        # ngoài, xoáy, khuỷu, ngoẹo.
        return 1
    if nucleus in _STYLE_GLIDES:
        return 1 if style == "new" else 0
    # mùa, mía, hái, cháo, múi.
    return 0


def _retone_syllable(syllable: str, style: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    # Group into base letter + following combining marks.
    clusters: list[list[str]] = []
    for ch in decomposed:
        if _is_mark(ch):
            if not clusters:
                return syllable
            clusters[-1].append(ch)
        else:
            clusters.append([ch])
    bases: list[str] = []
    tones: list[str] = []
    for cluster in clusters:
        rest = cluster[0] + "".join(m for m in cluster[1:] if m not in _TONE_MARKS)
        tones.extend(m for m in cluster[1:] if m in _TONE_MARKS)
        base = unicodedata.normalize("NFC", rest)
        if len(base) != 1 or base.lower() not in _VIET_LETTERS:
            return syllable
        bases.append(base)
    if len(tones) != 1:
        return syllable
    lower = "".join(b.lower() for b in bases)
    parsed = _parse(lower)
    if parsed is None:
        return syllable
    start, end, total = parsed
    index = start + _tone_index(lower[start:end], end < total, style)
    bases[index] = unicodedata.normalize("NFC", bases[index] + tones[0])
    return "".join(bases)


def normalize_tones(s: str, style: str = "new") -> str:
    """Put every tone mark on its canonical vowel; result is NFC.

    ``style="new"``: hoà, khoẻ, thuỷ, uý; ``style="old"``: hòa, khỏe, thủy, úy.
    Both styles agree wherever the rules agree (hoàng, thuyết, quý, giữa, người).
    Case is kept (HÒA -> HOÀ). Words that are not Vietnamese syllables, or that
    carry no or several tone marks, are returned unchanged (only NFC-normalised).
    """
    if style not in ("new", "old"):
        raise ValueError(f"style must be 'new' or 'old', not {style!r}")
    s = unicodedata.normalize("NFC", s)
    out = _SYLLABLE_RE.sub(lambda m: _retone_syllable(m.group(), style), s)
    return unicodedata.normalize("NFC", out)


def tone_key(s: str) -> str:
    """Equality key insensitive to case, spacing and tone placement style
    (hòa == hoà, thủy == thuỷ) but not to the accents themselves (hoa != hòa)."""
    return normalize_tones(clean(s), "new").lower()


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------


def split_name(full_name: str | None) -> tuple[str, str, str]:
    """(family, middle, given) of a cleaned full name.

    "Phạm Thị Thu Hòa" -> ("Phạm", "Thị Thu", "Hòa"); "An" -> ("", "", "An").
    """
    words = clean(full_name).split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


# Vietnamese alphabet with the Latin-only letters f, j, w, z in their Latin places,
# digits first. Each symbol gets a fixed two-character code "01".."43"; "00" is the
# end-of-letters separator, so it sorts before any letter.
_COLLATION = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_CODE = {ch: f"{i + 1:02d}" for i, ch in enumerate(_COLLATION)}
_SHAPE_MARKS = {
    "\u0306": {"a": "ă"},  # breve
    "\u0302": {"a": "â", "e": "ê", "o": "ô"},  # circumflex
    "\u031b": {"o": "ơ", "u": "ư"},  # horn
}
# Latin letters without a canonical decomposition, as found in foreign names.
_LATIN_EXTRA = {
    "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ß": "ss", "ð": "d", "þ": "th", "ı": "i",
}
_KEY_MAX = 255


@functools.lru_cache(maxsize=65536)
def _word_code(word: str) -> str:
    """Code of one word: letter codes + "00" + tone digits + "0" ("" if no letters).

    Letters compare first (a prefix sorts first thanks to "00"); tones compare
    only for equal letters, as the sequence of tones in reading order, which is
    independent of where the mark sits (hòa/hoà) and terminated by "0" so that
    the code is prefix-free.
    """
    letters: list[str] = []
    tones: list[str] = []
    attached = False  # whether combining marks may attach to letters[-1]
    for ch in unicodedata.normalize("NFD", word.lower()):
        if _is_mark(ch):
            if not attached:
                continue
            if ch in _TONE_MARKS:
                tones.append(str(_TONE_MARKS[ch]))
            elif ch in _SHAPE_MARKS:
                letters[-1] = _SHAPE_MARKS[ch].get(letters[-1], letters[-1])
            continue
        if ch in _CODE:
            letters.append(ch)
            attached = True
        elif ch in _LATIN_EXTRA:
            letters.extend(_LATIN_EXTRA[ch])
            attached = True
        elif ch.isdecimal():
            letters.append(str(unicodedata.decimal(ch)))
            attached = True
        else:
            attached = False  # punctuation and other scripts are ignored
    if not letters:
        return ""
    return "".join(_CODE[ch] for ch in letters) + "00" + "".join(tones) + "0"


def sort_key(text: str | None) -> str:
    """Key for ordering ordinary text (unit names, titles) in Vietnamese alphabet order,
    word by word from the first: "Đảng bộ huyện Cái Bè" < "Đảng bộ huyện Châu Thành".
    Same alphabet and tone rules as name_sort_key; ``[0-9a-z]`` only, unbounded length."""
    return "".join(_word_code(w) for w in clean(text).split())


def name_sort_key(full_name: str | None) -> str:
    """Database ordering key for a Vietnamese personal name, ``[0-9a-z]`` only.

    Orders by given name (last word), then the middle words, then the family
    name (first word). Words compare in Vietnamese alphabet order
    (a < ă < â < b < … < d < đ < … < o < ô < ơ < … < u < ư < … < y), letters
    before tones (ngang < huyền < hỏi < ngã < sắc < nặng); case, NFC/NFD and
    old/new tone placement do not matter; punctuation is ignored.

    Layout: code(given) + code(middle_1) + … + "00" + code(family), truncated to
    255 characters; "" for a name without letters or digits.
    """
    codes = [c for c in (_word_code(w) for w in clean(full_name).split()) if c]
    if not codes:
        return ""
    given = codes[-1]
    family = codes[0] if len(codes) > 1 else ""
    middle = "".join(codes[1:-1])
    return (given + middle + "00" + family)[:_KEY_MAX]


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


def format_int(n: int) -> str:
    """Integer with "." as thousands separator: 1440000 -> "1.440.000"."""
    return f"{operator.index(n):,}".replace(",", ".")


def _to_decimal(x: object) -> Decimal:
    if isinstance(x, Decimal):
        d = x
    elif isinstance(x, int):
        d = Decimal(x)
    elif isinstance(x, float):
        # repr gives the shortest round-tripping form: 65.25 -> "65.25",
        # 1.005 -> "1.005" (not 1.00499999…), as the user typed it.
        d = Decimal(repr(x))
    elif isinstance(x, str):
        try:
            d = Decimal(x.strip())
        except InvalidOperation:
            raise ValueError(f"not a number: {x!r}") from None
    else:
        raise TypeError(f"expected a number, got {type(x).__name__}")
    if not d.is_finite():
        raise ValueError(f"not a finite number: {x!r}")
    return d


def _check_places(places: int) -> int:
    places = operator.index(places)
    if places < 0:
        raise ValueError("places must be >= 0")
    return places


def format_decimal(x: Decimal | float | int | str, places: int = 1) -> str:
    """Number with "," as decimal mark and "." between thousands, rounded half
    up to ``places`` decimals: 1234.5 -> "1.234,5", 65.25 -> "65,3"."""
    places = _check_places(places)
    d = _to_decimal(x)
    with localcontext() as ctx:
        ctx.prec = max(28, d.adjusted() + places + 5)
        q = d.quantize(Decimal((0, (1,), -places)), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""  # a rounded -0.0 shows as 0,0 (q < 0 is exact)
    int_part, _, frac = format(q.copy_abs(), "f").partition(".")
    text = sign + f"{int(int_part):,}".replace(",", ".")
    return f"{text},{frac}" if places else text


def format_percent(x: Decimal | float | int | str, places: int = 1) -> str:
    """Percentage given in percent units: 65.2 -> "65,2 %" (ordinary space)."""
    return format_decimal(x, places) + " %"


def _ratio(x: object) -> tuple[int, int]:
    if isinstance(x, int):
        return x, 1
    return _to_decimal(x).as_integer_ratio()


def percent(part: int, whole: int, places: int = 1) -> Decimal | None:
    """part / whole * 100 rounded half up to ``places`` decimals, exactly
    (integer arithmetic, no double rounding); None when whole == 0."""
    places = _check_places(places)
    pn, pd = _ratio(part)
    wn, wd = _ratio(whole)
    if wn == 0:
        return None
    num = pn * wd * 100 * 10**places
    den = pd * wn
    if den < 0:
        num, den = -num, -den
    q, r = divmod(abs(num), den)
    if 2 * r >= den:
        q += 1
    sign = 1 if num < 0 and q else 0
    return Decimal((sign, tuple(int(c) for c in str(q)), -places))


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


def format_date(d: date) -> str:
    """date(2016, 12, 2) -> "02/12/2016"."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_date_line(place: str, d: date) -> str:
    """Place-and-date line of a Party document:
    "Tiền Giang, ngày 02 tháng 12 năm 2016"."""
    return f"{clean(place)}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year:04d}"


_ISO_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_VN_DATE_RE = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")


def parse_date(s: str) -> date:
    """Parse "YYYY-MM-DD", "DD/MM/YYYY", "D/M/YYYY", "DD-MM-YYYY" or "DD.MM.YYYY".

    Raises ValueError (message in Vietnamese) for anything else, including
    impossible dates such as 31/02/2020.
    """
    text = clean(s) if isinstance(s, str) else ""
    year = month = day = None
    if m := _ISO_DATE_RE.fullmatch(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _VN_DATE_RE.fullmatch(text):
        day, month, year = int(m[1]), int(m[3]), int(m[4])
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise ValueError(
        f"invalid date {s!r}: use YYYY-MM-DD or DD/MM/YYYY"
    )
