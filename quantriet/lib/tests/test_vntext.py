"""Tests of quantriet.lib.vntext (pure Python, no database)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quantriet.lib.vntext import (
    clean,
    fold,
    format_date,
    format_date_line,
    format_decimal,
    format_int,
    format_percent,
    name_sort_key,
    nfc,
    normalize_tones,
    parse_date,
    percent,
    split_name,
    tone_key,
)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# Each vowel with its tones in sorting order: ngang, huyền, hỏi, ngã, sắc, nặng.
TONED = {
    "a": "aàảãáạ", "ă": "ăằẳẵắặ", "â": "âầẩẫấậ",
    "e": "eèẻẽéẹ", "ê": "êềểễếệ",
    "i": "iìỉĩíị",
    "o": "oòỏõóọ", "ô": "ôồổỗốộ", "ơ": "ơờởỡớợ",
    "u": "uùủũúụ", "ư": "ưừửữứự",
    "y": "yỳỷỹýỵ",
}
# toned lowercase char -> (letter, tone number)
CHAR_INFO = {ch: (base, tone) for base, row in TONED.items() for tone, ch in enumerate(row)}
CONSONANTS = "bcdđfghjklmnpqrstvwxz"
ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
for _c in CONSONANTS + "0123456789":
    CHAR_INFO[_c] = (_c, 0)
VIET_CHARS = "".join(CHAR_INFO) + "".join(CHAR_INFO).upper()

ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
          "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]
NUCLEI = """a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ
    uê ui uô uơ uy ưa ưi ưu ươ yê iêu oai oay oeo uây uôi uya uyê uyu ươi ươu yêu""".split()
CODAS = ["", "", "", "c", "ch", "m", "n", "ng", "nh", "p", "t"]


def put_tone(letters: str, index: int, tone: int) -> str:
    """letters with the tone mark on letters[index] (lowercase, NFC)."""
    return letters[:index] + TONED[letters[index]][tone] + letters[index + 1:]


@st.composite
def syllables(draw, with_tone: bool = True) -> str:
    """A Vietnamese-shaped syllable with its tone on a random vowel, random case."""
    letters = draw(st.sampled_from(ONSETS)) + draw(st.sampled_from(NUCLEI))
    letters += draw(st.sampled_from(CODAS))
    tone = draw(st.integers(1 if with_tone else 0, 5))
    vowels = [i for i, ch in enumerate(letters) if ch in TONED]
    word = put_tone(letters, draw(st.sampled_from(vowels)), tone)
    case = draw(st.sampled_from(["lower", "upper", "title"]))
    return {"lower": word, "upper": word.upper(), "title": word.title()}[case]


def maybe_nfd(draw, s: str) -> str:
    return nfd(s) if draw(st.booleans()) else s


@st.composite
def viet_phrases(draw) -> str:
    words = draw(st.lists(syllables(with_tone=False), min_size=1, max_size=6))
    seps = draw(st.lists(st.sampled_from([" ", "  ", "\u00a0", "\t", ", ", "-", "\n"]),
                         min_size=len(words), max_size=len(words)))
    text = "".join(w + s for w, s in zip(words, seps, strict=True))
    return maybe_nfd(draw, text)


viet_text = st.text(alphabet=VIET_CHARS + " \t\u00a0.,-'0123456789", max_size=40)


# ---------------------------------------------------------------------------
# nfc, clean
# ---------------------------------------------------------------------------


def test_it_nfc_composes():
    assert nfc(nfd("Nguyễn Thị Hòa")) == "Nguyễn Thị Hòa"
    assert len(nfc("e\u0302\u0303")) == 1  # ễ


def test_it_clean_collapses_whitespace_and_invisibles():
    assert clean(None) == ""
    assert clean("") == ""
    assert clean("   \t\n") == ""
    assert clean("  Nguyễn\u00a0 Văn\t\tAn \n") == "Nguyễn Văn An"
    assert clean("\ufeffTrần\u200b Thị\u200d Ân\u2060") == "Trần Thị Ân"
    assert clean(nfd(" Lê  Hoàng Bình ")) == "Lê Hoàng Bình"
    assert clean("a\u00adb") == "ab"
    assert clean(nfd("Đặng")) == "Đặng"


@settings(max_examples=300)
@given(st.text())
def test_it_clean_is_idempotent_and_nfc(s):
    once = clean(s)
    assert clean(once) == once
    assert once == unicodedata.normalize("NFC", once)
    assert once == once.strip()
    assert "  " not in once


# ---------------------------------------------------------------------------
# fold
# ---------------------------------------------------------------------------


def test_it_fold_removes_accents():
    expected = "nguyen van an"
    assert fold("Nguyễn Văn An") == expected
    assert fold("nguyen van an") == expected
    assert fold(nfd("Nguyễn Văn An")) == expected
    assert fold("NGUYỄN  VĂN\u00a0AN") == expected
    assert fold(" \ufeffNguyễn\tVăn\nAn ") == expected
    assert fold("Đặng Thị Mai") == "dang thi mai"
    assert fold("ĐẢNG BỘ TỈNH TIỀN GIANG") == "dang bo tinh tien giang"
    assert fold("người nước ngoài") == "nguoi nuoc ngoai"
    assert fold("Hòa") == fold("Hoà") == fold("hoa") == "hoa"
    assert fold("") == ""
    assert fold("Chi bộ ấp 1") == "chi bo ap 1"


@settings(max_examples=300)
@given(st.text())
def test_it_fold_is_idempotent(s):
    assert fold(fold(s)) == fold(s)


@settings(max_examples=300)
@given(st.one_of(viet_text, viet_phrases()))
def test_it_fold_nfc_nfd_equal_and_ascii(s):
    folded = fold(s)
    assert fold(nfd(s)) == folded
    assert fold(nfc(s)) == folded
    assert fold(s.upper()) == folded
    assert folded.isascii()
    assert folded == folded.lower()


@settings(max_examples=200)
@given(st.text())
def test_it_fold_nfd_invariant_for_any_text(s):
    assert fold(nfd(s)) == fold(nfc(s))


# ---------------------------------------------------------------------------
# normalize_tones, tone_key
# ---------------------------------------------------------------------------

OLD_NEW = [
    ("hòa", "hoà"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"), ("òa", "oà"), ("úy", "uý"),
    ("Hòa Bình", "Hoà Bình"), ("ủy ban", "uỷ ban"), ("họa sĩ", "hoạ sĩ"),
    ("Thụy", "Thuỵ"), ("xòe", "xoè"), ("lũy", "luỹ"), ("HÒA", "HOÀ"), ("THỦY", "THUỶ"),
    ("KHỎE", "KHOẺ"), ("Long Hòa", "Long Hoà"),
]


@pytest.mark.parametrize(("old", "new"), OLD_NEW)
def test_it_normalize_tones_old_and_new(old, new):
    for text in (old, new, nfd(old), nfd(new)):
        assert normalize_tones(text) == new
        assert normalize_tones(text, "new") == new
        assert normalize_tones(text, "old") == old


SAME_IN_BOTH = [
    "quý", "Quý", "QUÝ", "quả", "quốc", "quyết", "quỳnh", "quạ",
    "giữa", "già", "giường", "giếng", "gìn", "gì", "giỏi", "giày",
    "hoàng", "thuyết", "người", "nước", "Nguyễn", "NGUYỄN", "toán", "huỳnh", "hoạch",
    "mùa", "mía", "hái", "cháo", "túi", "gửi", "cứu", "rượu", "thuở", "tuần", "thuế",
    "ngoài", "xoáy", "khuỷu", "ngoẹo", "khuấy", "tuổi", "yếu", "kiều", "xoắn", "quán",
    "Đắk Lắk", "Tiền Giang", "Cái Bè", "Châu Thành", "Long Định", "ấp", "ý", "ở",
]


@pytest.mark.parametrize("word", SAME_IN_BOTH)
def test_it_normalize_tones_keeps_canonical_words(word):
    assert normalize_tones(word, "new") == word
    assert normalize_tones(word, "old") == word
    assert normalize_tones(nfd(word), "old") == word


@pytest.mark.parametrize(("wrong", "right"), [
    ("hòang", "hoàng"), ("HÒANG", "HOÀNG"), ("thúyêt", "thuyết"), ("ngừơi", "người"),
    ("nứơc", "nước"), ("giưã", "giữa"), ("haí", "hái"), ("muà", "mùa"), ("miá", "mía"),
    ("gìa", "già"), ("qúy", "quý"), ("Nguyêñ", "Nguyễn"), ("ngòai", "ngoài"),
    ("ruợu", "ruợu"),  # "uơu" is not a Vietnamese vowel group: left unchanged
    ("rựơu", "rượu"), ("khủyu", "khuỷu"), ("túân", "tuấn"),
])
def test_it_normalize_tones_fixes_misplaced_marks(wrong, right):
    assert normalize_tones(wrong) == right
    assert normalize_tones(nfd(wrong), "old") == right


def test_it_normalize_tones_sentences_and_foreign_words():
    assert normalize_tones("Chi bộ ấp Long Hòa, xã Hòa Khánh; THỦY  lợi.") == (
        "Chi bộ ấp Long Hoà, xã Hoà Khánh; THUỶ  lợi."
    )
    assert normalize_tones("Hoà 2016 - hòa!", "old") == "Hòa 2016 - hòa!"
    for text in ("café", "résumé", "naïve", "Müller", "Zoë", "hello world", "", "123",
                 "São Paulo", "Ñandú", "x\u0301"):
        assert normalize_tones(text) == nfc(text)
        assert normalize_tones(text, "old") == nfc(text)
    assert normalize_tones(nfd("café")) == "café"


def test_it_normalize_tones_rejects_unknown_style():
    with pytest.raises(ValueError):
        normalize_tones("hòa", "modern")


def test_it_tone_key():
    assert tone_key("hòa") == tone_key("hoà") == tone_key("HOÀ") == tone_key(nfd(" Hòa "))
    assert tone_key("thủy") == tone_key("thuỷ")
    assert tone_key("khỏe") == tone_key("khoẻ")
    assert tone_key("Phạm Thị Thu Hòa") == tone_key("phạm  thị thu hoà") == "phạm thị thu hoà"
    assert tone_key("hoa") != tone_key("hòa")
    assert tone_key("hòa") != tone_key("hóa")
    assert tone_key("Dũng") != tone_key("Dung")


@settings(max_examples=300)
@given(st.one_of(st.text(), viet_text, viet_phrases()))
def test_it_normalize_tones_idempotent_and_round_trips(s):
    new = normalize_tones(s, "new")
    old = normalize_tones(s, "old")
    assert normalize_tones(new, "new") == new
    assert normalize_tones(old, "old") == old
    assert normalize_tones(new, "old") == old
    assert normalize_tones(old, "new") == new
    assert new == nfc(new) and old == nfc(old)
    assert fold(new) == fold(old) == fold(s)
    assert tone_key(new) == tone_key(old) == tone_key(s)


@settings(max_examples=300)
@given(st.data())
def test_it_normalize_tones_ignores_where_the_mark_was(data):
    """A syllable's result depends only on its letters and tone, not on the vowel
    the mark was typed on; the result still has the same letters and tone."""
    letters = data.draw(st.sampled_from(ONSETS)) + data.draw(st.sampled_from(NUCLEI))
    letters += data.draw(st.sampled_from(CODAS))
    tone = data.draw(st.integers(1, 5))
    vowels = [i for i, ch in enumerate(letters) if ch in TONED]
    results = set()
    for style in ("new", "old"):
        for i in vowels:
            word = put_tone(letters, i, tone)
            out = normalize_tones(maybe_nfd(data.draw, word), style)
            results.add((style, out))
            assert fold(out) == fold(letters)
            assert [CHAR_INFO[ch][1] for ch in out if CHAR_INFO[ch][1]] == [tone]
            assert "".join(CHAR_INFO[ch][0] for ch in out) == letters
            upper = normalize_tones(word.upper(), style)
            assert upper == out.upper()
    assert len({out for style, out in results if style == "new"}) == 1
    assert len({out for style, out in results if style == "old"}) == 1


# ---------------------------------------------------------------------------
# split_name
# ---------------------------------------------------------------------------


def test_it_split_name():
    assert split_name("Phạm Thị Thu Hòa") == ("Phạm", "Thị Thu", "Hòa")
    assert split_name("  Nguyễn\u00a0 Văn\tAn ") == ("Nguyễn", "Văn", "An")
    assert split_name("Võ Đức") == ("Võ", "", "Đức")
    assert split_name("An") == ("", "", "An")
    assert split_name("") == ("", "", "")
    assert split_name(None) == ("", "", "")
    assert split_name(nfd("Trần Thị Ân")) == ("Trần", "Thị", "Ân")


# ---------------------------------------------------------------------------
# name_sort_key
# ---------------------------------------------------------------------------

KEY_RE = re.compile(r"[0-9a-z]*")


def assert_strictly_ordered(names):
    keys = [name_sort_key(n) for n in names]
    for a, b, ka, kb in zip(names, names[1:], keys, keys[1:], strict=False):
        assert ka < kb, f"{a!r} should sort before {b!r}"


def test_it_name_sort_key_orders_given_names():
    # Vietnamese alphabet: "ân" sorts after every "a…" word (â is its own letter).
    assert_strictly_ordered(["An", "Anh", "Ánh", "Ăn", "Ân", "Bình"])
    assert_strictly_ordered(["Ba", "Bà", "Bả", "Bã", "Bá", "Bạ", "Bác", "Bắc", "Bấc"])
    assert_strictly_ordered(["Cường", "Dung", "Dũng", "Dương", "Đào", "Đức", "Em", "Ê"])
    assert_strictly_ordered(["Hạ", "Hai", "Hải"])  # letters before tones
    assert_strictly_ordered(["Hà", "Hạ", "Hải"])
    assert_strictly_ordered(["Nga", "Ngân", "Nghĩa", "Ngọc", "Nguyên"])
    assert_strictly_ordered(["Oanh", "Ô", "Ơn", "Phúc", "Quân", "Quý", "Quyên"])
    assert_strictly_ordered(["Tú", "Tuấn", "Tư", "Từ", "Tửu", "Ưng", "Vi", "Vy", "Xuân", "Yến"])
    assert_strictly_ordered(["Ê", "Fan", "Giang", "Ivan", "John", "Khánh", "Walter", "Yên", "Zoe"])
    assert_strictly_ordered(["A1", "A2", "AA"])  # digits before letters


def test_it_name_sort_key_orders_full_names():
    assert name_sort_key("Nguyễn Văn An") < name_sort_key("Trần Thị Ân")
    assert name_sort_key("Lê Văn An") < name_sort_key("Nguyễn Văn An")
    assert_strictly_ordered([
        "An",  # no family name sorts first
        "Trần An",  # no middle name before any middle name
        "Nguyễn Thị An",
        "Lê Văn An",
        "Nguyễn Văn An",
        "Nguyễn Văn Hùng An",
        "Lê Hoàng Bình",
        "Huỳnh Văn Dũng",
        "Võ Minh Đức",
        "Phạm Thị Thu Hòa",
        "Đặng Thị Mai",
    ])


def test_it_name_sort_key_invariants():
    base = name_sort_key("Phạm Thị Thu Hòa")
    for variant in ("Phạm Thị Thu Hoà", "PHẠM THỊ THU HÒA", nfd("Phạm Thị Thu Hòa"),
                    "  phạm\u00a0thị  thu\thoà ", "Phạm, Thị Thu Hòa.", "\ufeffPhạm Thị Thu Hòa"):
        assert name_sort_key(variant) == base
    assert name_sort_key("Thủy") == name_sort_key("Thuỷ")
    assert name_sort_key("Khỏe") == name_sort_key("Khoẻ")
    assert name_sort_key("") == name_sort_key(None) == name_sort_key(" - ") == ""
    assert KEY_RE.fullmatch(base)
    assert name_sort_key("H'Hen Niê")  # punctuation inside a word is ignored
    assert name_sort_key("H'Hen Niê") == name_sort_key("HHen Niê")
    long_name = " ".join(["Nguyễn"] * 60)
    assert len(name_sort_key(long_name)) == 255


def ref_word(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    letters, tones = [], []
    for ch in word:
        base, tone = CHAR_INFO[ch]
        letters.append(ALPHABET.index(base))
        if tone:
            tones.append(tone)
    return tuple(letters), tuple(tones)


def ref_key(name: str):
    """Straightforward reference: (given, (middle...), (family,) or ())."""
    words = [ref_word(w) for w in nfc(name).lower().split()]
    family = (words[0],) if len(words) > 1 else ()
    return words[-1], tuple(words[1:-1]), family


@st.composite
def random_names(draw) -> str:
    """Names made of arbitrary Vietnamese letters (not only real syllables), some
    real-looking syllables, random case, NFC or NFD, odd spacing."""
    word_chars = "".join(CHAR_INFO)
    random_word = st.text(alphabet=word_chars, min_size=1, max_size=6)
    word = st.one_of(random_word, syllables(), syllables(with_tone=False),
                     st.sampled_from(["an", "ân", "anh", "ánh", "ăn", "hòa", "hoà", "ba", "bà"]))
    words = draw(st.lists(word, min_size=1, max_size=4))
    words = [w.upper() if draw(st.booleans()) else w for w in words]
    sep = draw(st.sampled_from([" ", "  ", "\u00a0", " \t"]))
    return maybe_nfd(draw, sep.join(words))


def cmp(a, b) -> int:
    return (a > b) - (a < b)


@settings(max_examples=150, deadline=None)
@given(st.lists(random_names(), min_size=2, max_size=12))
def test_it_name_sort_key_matches_reference_order(names):
    keys = [name_sort_key(n) for n in names]
    refs = [ref_key(n) for n in names]
    for key in keys:
        assert KEY_RE.fullmatch(key) and 0 < len(key) <= 255
    by_key = sorted(range(len(names)), key=keys.__getitem__)
    assert [refs[i] for i in by_key] == sorted(refs)
    for i, j in itertools.combinations(range(len(names)), 2):
        assert cmp(keys[i], keys[j]) == cmp(refs[i], refs[j]), (names[i], names[j])


@settings(max_examples=300)
@given(random_names())
def test_it_name_sort_key_invariant_under_nfd_case_and_tone_style(name):
    key = name_sort_key(name)
    assert KEY_RE.fullmatch(key)
    assert name_sort_key(nfd(name)) == key
    assert name_sort_key(nfc(name)) == key
    assert name_sort_key(name.lower()) == key
    assert name_sort_key(name.upper()) == key
    assert name_sort_key(normalize_tones(name, "old")) == key
    assert name_sort_key(normalize_tones(name, "new")) == key


@settings(max_examples=200)
@given(st.text())
def test_it_name_sort_key_is_ascii_for_any_text(s):
    key = name_sort_key(s)
    assert KEY_RE.fullmatch(key)
    assert len(key) <= 255
    assert name_sort_key(nfd(s)) == key


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


def test_it_format_int():
    assert format_int(28029) == "28.029"
    assert format_int(1440000) == "1.440.000"
    assert format_int(-5) == "-5"
    assert format_int(0) == "0"
    assert format_int(999) == "999"
    assert format_int(-1234567) == "-1.234.567"
    with pytest.raises(TypeError):
        format_int(1.5)


@given(st.integers())
def test_it_format_int_round_trips(n):
    text = format_int(n)
    assert int(text.replace(".", "")) == n
    assert re.fullmatch(r"-?\d{1,3}(\.\d{3})*", text)


def test_it_format_decimal():
    assert format_decimal(65.2) == "65,2"
    assert format_decimal(1234.5) == "1.234,5"
    assert format_decimal(65.25) == "65,3"
    assert format_decimal(0.05) == "0,1"
    assert format_decimal(0.04) == "0,0"
    assert format_decimal(-0.04) == "0,0"
    assert format_decimal(-1234.56) == "-1.234,6"
    assert format_decimal(2.675, 2) == "2,68"
    assert format_decimal(1.005, 2) == "1,01"
    assert format_decimal(Decimal("65.25")) == "65,3"
    assert format_decimal("65.25") == "65,3"
    assert format_decimal(2.5, 0) == "3"
    assert format_decimal(1440000) == "1.440.000,0"
    assert format_decimal(10**30 + 0.5, 0) == "1.000.000.000.000.000.000.000.000.000.000"
    assert format_decimal(Decimal("123456789012345678901234567890.55"), 1) == (
        "123.456.789.012.345.678.901.234.567.890,6"
    )
    assert format_decimal(7, 3) == "7,000"
    with pytest.raises(ValueError):
        format_decimal(float("nan"))
    with pytest.raises(ValueError):
        format_decimal(1, -1)
    with pytest.raises(TypeError):
        format_decimal(None)


def test_it_format_percent():
    assert format_percent(65.2) == "65,2 %"
    assert format_percent(65.25) == "65,3 %"
    assert format_percent(100, 0) == "100 %"
    assert format_percent(Decimal("1234.56"), 2) == "1.234,56 %"
    assert "\u00a0" not in format_percent(65.2)
    assert format_percent(percent(652, 1000)) == "65,2 %"


def test_it_percent():
    assert percent(1, 0) is None
    assert percent(0, 0) is None
    assert percent(652, 1000) == Decimal("65.2")
    assert str(percent(1, 3)) == "33.3"
    assert str(percent(2, 3)) == "66.7"
    assert str(percent(2, 3, 2)) == "66.67"
    assert str(percent(1, 8, 1)) == "12.5"
    assert str(percent(1, 16, 1)) == "6.3"  # 6.25 rounds half up
    assert str(percent(1, 16, 0)) == "6"
    assert str(percent(0, 5)) == "0.0"
    assert str(percent(28029, 28029)) == "100.0"
    assert str(percent(-1, 16)) == "-6.3"
    assert percent(Decimal("1.5"), 3) == Decimal("50.0")


@settings(max_examples=300)
@given(st.integers(-10**12, 10**12), st.integers(-10**12, 10**12), st.integers(0, 4))
def test_it_percent_matches_decimal_arithmetic(part, whole, places):
    result = percent(part, whole, places)
    if whole == 0:
        assert result is None
        return
    with localcontext() as ctx:
        ctx.prec = 200
        exact = Decimal(part) * 100 / Decimal(whole)
        expected = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert result == expected
    assert result.as_tuple().exponent == -places


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


def test_it_format_date():
    assert format_date(date(2016, 12, 2)) == "02/12/2016"
    assert format_date(date(2020, 1, 31)) == "31/01/2020"
    assert format_date(datetime(2016, 12, 2, 10, 30)) == "02/12/2016"


def test_it_format_date_line():
    assert format_date_line("Tiền Giang", date(2016, 12, 2)) == (
        "Tiền Giang, ngày 02 tháng 12 năm 2016"
    )
    assert format_date_line(" Cái\u00a0Bè ", date(2021, 3, 9)) == (
        "Cái Bè, ngày 09 tháng 03 năm 2021"
    )


@pytest.mark.parametrize("text", [
    "2016-12-02", "02/12/2016", "2/12/2016", " 02/12/2016 ", "02-12-2016", "02.12.2016",
    "2.12.2016", "\ufeff2016-12-02\n", "\t2/12/2016",
])
def test_it_parse_date_accepts(text):
    assert parse_date(text) == date(2016, 12, 2)


def test_it_parse_date_single_digit_month_and_leap_day():
    assert parse_date("1/2/2020") == date(2020, 2, 1)
    assert parse_date("29/02/2020") == date(2020, 2, 29)


@pytest.mark.parametrize("text", [
    "31/02/2020", "29/02/2019", "2020-02-30", "2016-13-01", "00/12/2016", "32/01/2016",
    "", "   ", "abc", "12/2016", "2016/12/02", "02/12-2016", "02/12/16", "2016-12-02T00:00",
    "02 / 12 / 2016", "ngày 02 tháng 12 năm 2016", "0000-01-01", "٠٢/١٢/٢٠١٦",
])
def test_it_parse_date_rejects(text):
    with pytest.raises(ValueError) as info:
        parse_date(text)
    message = str(info.value)
    assert message.startswith("invalid date ")
    assert message.endswith(": use YYYY-MM-DD or DD/MM/YYYY")


def test_it_parse_date_message_quotes_input():
    # A developer-facing message: callers show users their own translated one.
    with pytest.raises(ValueError, match="invalid date '31/02/2020': use"):
        parse_date("31/02/2020")


@given(st.dates(min_value=date(1000, 1, 1)))
def test_it_parse_date_round_trips(d):
    assert parse_date(format_date(d)) == d
    assert parse_date(d.isoformat()) == d


def test_it_sorts_unit_names_in_vietnamese_order():
    from quantriet.lib.vntext import sort_key

    names = ["Đảng bộ huyện Châu Thành", "Đảng bộ huyện Cái Bè", "Đảng bộ huyện Chợ Gạo",
             "Đảng bộ huyện Cai Lậy", "Đảng bộ thị xã Gò Công", "Chi bộ ấp 1"]
    assert sorted(names, key=sort_key) == [
        "Chi bộ ấp 1", "Đảng bộ huyện Cai Lậy", "Đảng bộ huyện Cái Bè",
        "Đảng bộ huyện Châu Thành", "Đảng bộ huyện Chợ Gạo", "Đảng bộ thị xã Gò Công"]
    assert sort_key("Hòa") == sort_key("hoà")
