import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quantriet.lib.docnumber import TYPE_CODES, DocNumber, DocNumberError, format_number, parse


@pytest.mark.parametrize("text, expected", [
    ("20-HD/BTGTW", DocNumber("20", "HD", "BTGTW")),
    ("28-KH/TU", DocNumber("28", "KH", "TU")),
    ("12-NQ/TW", DocNumber("12", "NQ", "TW")),
    ("05-CTr/HU", DocNumber("05", "CTr", "HU")),
    ("15-BC/HU", DocNumber("15", "BC", "HU")),
    ("Số 36-HD/VPTW", DocNumber("36", "HD", "VPTW")),
    ("số: 28 - KH / TU", DocNumber("28", "KH", "TU")),
    ("3-ctr/đu", DocNumber("3", "CTr", "ĐU")),
    ("7-QD/TU", DocNumber("7", "QĐ", "TU")),
    ("7-QĐi/TW", DocNumber("7", "QĐi", "TW")),
    ("7-qdi/tw", DocNumber("7", "QĐi", "TW")),
    ("102-QĐ/BTGTU-2", DocNumber("102", "QĐ", "BTGTU-2")),
])
def test_it_parses_party_numbers(text, expected):
    assert parse(text) == expected


def test_it_keeps_ct_and_ctr_apart():
    assert parse("4-CT/TW").type_code == "CT"
    assert parse("4-CTR/TW").type_code == "CTr"


def test_it_reads_decomposed_text():
    assert parse(unicodedata.normalize("NFD", "5-QĐ/ĐU")) == DocNumber("5", "QĐ", "ĐU")


@pytest.mark.parametrize("text, reason, value", [
    ("", "empty", ""),
    ("  Số ", "empty", "  Số "),
    ("HD/BTGTW", "shape", "HD/BTGTW"),
    ("20-HD", "shape", "20-HD"),
    ("20/HD-BTGTW", "shape", "20/HD-BTGTW"),
    ("a20-HD/BTGTW", "number", "a20"),
    ("0-HD/BTGTW", "number", "0"),
    ("١٢-HD/TW", "number", "١٢"),
    ("20-XY/BTGTW", "type", "XY"),
    ("20-HD/BTG.TW", "issuer", "BTG.TW"),
])
def test_it_names_what_is_wrong(text, reason, value):
    with pytest.raises(DocNumberError) as info:
        parse(text)
    assert info.value.reason == reason
    assert info.value.value == value


@given(st.integers(1, 99999), st.sampled_from(TYPE_CODES),
       st.from_regex(r"[A-ZĐ][A-ZĐ0-9]{0,6}", fullmatch=True))
def test_it_round_trips(number, type_code, issuer):
    text = format_number(number, type_code, issuer)
    assert str(parse(text)) == text
    assert parse(text.lower()) == parse(text)
