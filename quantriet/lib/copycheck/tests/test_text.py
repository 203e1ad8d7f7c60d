import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from quantriet.lib.copycheck import normalise, sketch, tokens
from quantriet.lib.copycheck.text import token_hashes, token_spans

SENTENCE = "Hoà bình, ĐOÀN KẾT: thủy lợi; Nghị quyết Trung ương 4 khóa XII (2016)!"


def test_it_folds_case_accents_d_and_punctuation():
    assert normalise(SENTENCE) == "hoa binh doan ket thuy loi nghi quyet trung uong 4 khoa xii 2016"


def test_it_gives_the_same_form_for_nfd_accent_stripped_and_tone_placement():
    nfd = unicodedata.normalize("NFD", SENTENCE)
    stripped = "Hoa binh, DOAN KET: thuy loi; Nghi quyet Trung uong 4 khoa XII (2016)!"
    old_style = SENTENCE.replace("Hoà", "Hòa").replace("thủy", "thuỷ")
    for variant in (nfd, stripped, old_style):
        assert normalise(variant) == normalise(SENTENCE)
        assert (token_hashes(variant) == token_hashes(SENTENCE)).all()
        assert sketch(variant) == sketch(SENTENCE)


def test_it_separates_syllables_on_symbols_and_other_scripts():
    assert normalise("an–ninh…quốc“phòng”😀x") == "an ninh quoc phong x"
    assert normalise("") == "" and len(token_hashes("  ,. ")) == 0


def test_it_gives_token_offsets_into_the_original_text():
    nfd = unicodedata.normalize("NFD", "Đảng viên gương mẫu")
    toks = tokens(nfd)
    assert [t[0] for t in toks] == ["dang", "vien", "guong", "mau"]
    for word, start, end in toks:
        assert normalise(nfd[start:end]) == word
        assert not nfd[start:end].startswith(" ") and not nfd[start:end].endswith(" ")
    starts, ends = token_spans(nfd)
    assert starts.tolist() == [t[1] for t in toks] and ends.tolist() == [t[2] for t in toks]
    # combining marks of the last letter stay inside the token
    assert nfd[toks[-1][1] : toks[-1][2]] == unicodedata.normalize("NFD", "mẫu")


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠàáảãạ ĐđỆệ,.!\u0300\u0301", max_size=60))
def test_it_agrees_between_normalise_tokens_and_hashes(text):
    toks = tokens(text)
    assert " ".join(t[0] for t in toks) == normalise(text)
    assert len(token_hashes(text)) == len(toks)
    assert normalise(unicodedata.normalize("NFD", text)) == normalise(text)
