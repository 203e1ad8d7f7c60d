"""Sections from typed text and Word files, and the escaped side-by-side difference."""

import io

import pytest
from docx import Document as DocxDocument

from quantriet.programs import text
from quantriet.programs.text import Draft


def test_it_splits_typed_text_into_numbered_sections_with_an_introduction():
    sections = text.sections_from_text(
        "Căn cứ Nghị quyết.\n\nI. Mục đích\nNâng cao nhận thức.\n2.1 Nhiệm vụ\nHọc tập.\n"
        "a) điểm một\nb) điểm hai\n")
    assert [(s.number, s.heading) for s in sections] == [
        ("0", ""), ("I", "Mục đích"), ("2.1", "Nhiệm vụ")]
    assert sections[2].body == "Học tập.\na) điểm một\nb) điểm hai"


def test_it_refuses_text_without_sections():
    with pytest.raises(text.TextError) as e:
        text.sections_from_text("   \n\n")
    assert e.value.reason == "empty"


def _docx(paragraphs) -> io.BytesIO:
    doc = DocxDocument()
    for content, style in paragraphs:
        doc.add_paragraph(content, style=style)
    buf = io.BytesIO()
    doc.save(buf)
    buf.seek(0)
    return buf


def test_it_reads_headings_and_numbered_paragraphs_of_a_word_file():
    buf = _docx([("Mục tiêu", "Heading 1"), ("Quán triệt đến mọi đảng viên.", None),
                 ("Nhiệm vụ", "List Number"), ("Học tập, học bù.", None),
                 ("3. Tổ chức thực hiện", None), ("Báo cáo hằng tháng.", None)])
    sections = text.sections_from_docx(buf)
    assert [(s.number, s.heading, s.body) for s in sections] == [
        ("1", "Mục tiêu", "Quán triệt đến mọi đảng viên."),
        ("2", "Nhiệm vụ", "Học tập, học bù."),
        ("3", "Tổ chức thực hiện", "Báo cáo hằng tháng.")]


def test_it_refuses_a_file_that_is_not_a_word_document_or_too_big():
    with pytest.raises(text.TextError) as e:
        text.sections_from_docx(io.BytesIO(b"%PDF-1.4 not word"))
    assert e.value.reason == "not_docx"
    with pytest.raises(text.TextError) as e:
        text.sections_from_docx(io.BytesIO(b""), size=text.MAX_DOCX_BYTES + 1)
    assert e.value.reason == "too_big"


def test_it_marks_changes_per_section_after_escaping():
    old = [Draft("1", "Mục tiêu", "Học <b>tập</b> nghị quyết"), Draft("2", "Bỏ", "cũ")]
    new = [Draft("1", "Mục tiêu", "Học <b>tập</b> đầy đủ nghị quyết"), Draft("3", "Mới", "x")]
    rows = text.diff_sections(old, new)
    assert [(r["number"], r["change"]) for r in rows] == [
        ("1", "changed"), ("2", "removed"), ("3", "added")]
    assert "<ins>đầy đủ </ins>" in rows[0]["right"] or "<ins>đầy đủ" in rows[0]["right"]
    assert "&lt;b&gt;tập&lt;/b&gt;" in rows[0]["left"] and "<b>" not in rows[0]["right"]
    assert rows[1]["left"] == "Bỏ\ncũ"


def test_it_turns_sections_back_into_editable_text():
    sections = text.sections_from_text("Lời nói đầu\n1. Một\nThân.\n2. Hai")
    assert text.sections_from_text(text.as_text(sections)) == sections


def test_it_keeps_the_documents_title_in_the_introduction_and_pairs_renumbered_sections():
    sections = text.sections_from_docx(_docx([
        ("CHƯƠNG TRÌNH HÀNH ĐỘNG", "Title"), ("I. Mục đích", None), ("Nội dung.", None)]))
    assert [(s.number, s.heading, s.body) for s in sections] == [
        ("0", "", "CHƯƠNG TRÌNH HÀNH ĐỘNG"), ("I", "Mục đích", "Nội dung.")]
    old = [Draft("1", "Mục tiêu", "a"), Draft("2", "Nhiệm vụ", "b")]
    new = [Draft("1", "Bối cảnh", "x"), Draft("2", "Mục tiêu", "a"), Draft("3", "Nhiệm vụ", "b")]
    rows = text.diff_sections(old, new)
    assert [(r["number"], r["change"]) for r in rows] == [
        ("1", "added"), ("1 → 2", "same"), ("2 → 3", "same")]
