import unicodedata

from quantriet.lib.copycheck import Params, align, normalise

OWN_A = "Mở đầu của tôi rất riêng. "
OWN_B = "Phần mở đầu khác hẳn, của người khác viết. "
SHARED = (
    "Chúng ta phải nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức đảng ở cơ sở, "
    "giữ vững kỷ luật kỷ cương và chăm lo đời sống của nhân dân trong thôn ấp."
)


def test_it_gives_offsets_into_the_original_texts():
    a = OWN_A + SHARED + " Kết thúc."
    b = unicodedata.normalize("NFD", OWN_B + SHARED.upper() + " Hết.")
    (p,) = align(a, b)
    assert a[p.a_start : p.a_end] == SHARED.rstrip(".")
    assert normalise(b[p.b_start : p.b_end]) == normalise(SHARED)
    assert b[p.b_start : p.b_end].startswith(unicodedata.normalize("NFD", "CHÚNG"))


def test_it_finds_passages_of_an_accent_stripped_copy():
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFD", SHARED) if not unicodedata.combining(ch)
    ).replace("đ", "d")
    (p,) = align(OWN_A + SHARED, OWN_B + stripped)
    assert p.b_start == len(OWN_B) and p.a_start == len(OWN_A)


def test_it_merges_over_a_swapped_word_and_keeps_order():
    edited = SHARED.replace("chăm lo", "quan tâm")
    passages = align(OWN_A + SHARED, OWN_B + edited)
    assert len(passages) == 1
    p = passages[0]
    assert p.a_start == len(OWN_A) and p.b_start == len(OWN_B)
    second = "Một đoạn thứ hai cũng được chép lại nguyên văn từ bài của đồng chí kia không sửa."
    passages = align(OWN_A + SHARED + " Xen giữa riêng. " + second, second + " " + OWN_B + SHARED)
    assert len(passages) == 2
    assert passages[0].a_start < passages[1].a_start
    assert passages[0].b_start > passages[1].b_start


def test_it_leaves_out_the_resolution_and_short_phrases():
    a = OWN_A + SHARED
    b = OWN_B + SHARED
    assert align(a, b, Params(), ignore_texts=["Trích: " + SHARED]) == []
    assert align("tôi là đảng viên tốt ở đây", "anh là đảng viên tốt ở kia") == []
    assert align("", SHARED) == [] and align(SHARED, "") == []
