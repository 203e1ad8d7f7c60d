"""Topic matching and text extraction: no database."""

import unicodedata

import pytest

from quantriet import uploads
from quantriet.learning import extract
from quantriet.learning.topics import DEFAULT_TOPICS, match_topics


def test_it_matches_topics_without_accents_and_on_whole_words():
    text = "Thach thuc lon. Co hoi moi. Xã hội phát triển; bản thân tôi sẽ cố gắng."
    found = {m.name: m.covered for m in match_topics(text, DEFAULT_TOPICS)}
    assert found["Thách thức"] is True
    assert found["Thời cơ"] is True  # "co hoi"
    assert found["Liên hệ bản thân"] is True
    assert found["Mục tiêu"] is False
    only_social = {m.name: m.covered for m in match_topics("xã hội", DEFAULT_TOPICS)}
    assert only_social["Thời cơ"] is False  # "hoi" inside "xa hoi" is no "co hoi"


def test_it_matches_decomposed_unicode():
    nfd = unicodedata.normalize("NFD", "Giải pháp then chốt")
    assert {m.name for m in match_topics(nfd, DEFAULT_TOPICS) if m.covered} == {"Giải pháp"}


def test_it_cleans_text_to_nfc_and_collapses_blank_lines():
    raw = unicodedata.normalize("NFD", "Dòng một  \r\n\r\n\r\nDòng hai\n")
    assert extract.clean_text(raw) == "Dòng một\n\nDòng hai"


def test_it_refuses_other_files_and_too_large_ones():
    with pytest.raises(extract.ExtractError):
        extract.extract_text(b"x", "bai.pdf")
    with pytest.raises(extract.ExtractError):
        extract.extract_text(b"x" * (uploads.max_bytes("text") + 1), "bai.txt")
    with pytest.raises(extract.ExtractError):
        extract.extract_text(b"th\xe9 tr\xe0ng", "bai.txt")
    assert extract.extract_text("\ufeffthực trạng".encode(), "bai.txt") == "thực trạng"
    assert extract.extract_text("thực trạng".encode("utf-16"), "bai.txt") == "thực trạng"
