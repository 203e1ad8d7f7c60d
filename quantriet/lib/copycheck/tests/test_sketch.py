import numpy as np
import pytest

from quantriet.lib.copycheck import Params, Sketch, sketch, sketch_many

TEXT = "Qua học tập nghị quyết, bản thân tôi nhận thức sâu sắc trách nhiệm của đảng viên."


def test_it_round_trips_a_sketch_through_bytes():
    sk = sketch(TEXT)
    data = sk.to_bytes()
    assert len(data) == 20 + 4 * len(sk.shingles)
    back = Sketch.from_bytes(data, Params())
    assert back == sk and back.n_tokens == 17
    assert np.array_equal(back.signature, sk.signature)
    assert Sketch.from_bytes(memoryview(data)) == sk


def test_it_refuses_foreign_or_damaged_bytes():
    data = sketch(TEXT).to_bytes()
    with pytest.raises(ValueError):
        Sketch.from_bytes(data, Params(shingle=5))
    with pytest.raises(ValueError):
        Sketch.from_bytes(data[:-1])
    with pytest.raises(ValueError):
        Sketch.from_bytes(b"nope")


def test_it_makes_one_shingle_per_position_and_handles_short_texts():
    sk = sketch(TEXT)
    assert len(sk.shingles) == sk.n_tokens - Params().shingle + 1 and (sk.shingles != 0).all()
    assert len(sketch("hai ba").shingles) == 1
    empty = sketch("")
    assert empty.n_tokens == 0 and len(empty.shingles) == 0 and not empty.signature.any()


def test_it_estimates_jaccard_with_the_signature():
    words = TEXT.split() * 3
    a = sketch(" ".join(f"{w}{i}" for i, w in enumerate(words[:40])))
    b = sketch(" ".join(f"{w}{i}" for i, w in enumerate(words[:40])))
    assert np.array_equal(a.signature, b.signature)
    c = sketch("hoàn toàn khác " * 30)
    assert (a.signature == c.signature).mean() < 0.1


def test_it_sketches_many_texts_like_one_by_one():
    texts = [TEXT, "", "một", TEXT.upper(), "a b c d e f g h"] * 420  # >= 2,000: 2 workers
    expected = [sketch(t) for t in texts]
    assert sketch_many(texts[:50]) == expected[:50]
    assert sketch_many(texts, workers=2) == expected


def test_it_validates_params():
    with pytest.raises(ValueError):
        Params(num_perm=100, bands=100)
    with pytest.raises(ValueError):
        Params(bands=64)
    with pytest.raises(ValueError):
        Params(threshold=0)
    assert (
        Params(num_perm=64, bands=32, rows=2, min_band_hits=3).fingerprint != Params().fingerprint
    )
