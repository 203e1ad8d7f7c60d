import json
import random
import unicodedata

import pytest

from quantriet.lib.copycheck import CopyIndex, Params, Result, sketch

from .conftest import load_copycorpus

cc = load_copycorpus()


def _linked(result) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in result.pairs:
        out.setdefault(m.a, set()).add(m.b)
        out.setdefault(m.b, set()).add(m.a)
    for c in result.clusters:
        ms = set(c.members) | ({c.source} if c.source else set())
        for k in ms:
            out.setdefault(k, set()).update(ms - {k})
    return out


@pytest.mark.parametrize("kind", cc.PLANTED)
def test_it_finds_every_planted_kind(small, kind):
    corpus, _, result = small
    ev = cc.evaluate(corpus, result)["kinds"][kind]
    assert ev["planted"] > 0
    assert ev["found"] == ev["planted"], ev["missed"]
    assert ev["precision"] == 1.0


def test_it_leaves_honest_reports_alone(small):
    corpus, index, result = small
    linked = _linked(result)
    honest = [d for d in corpus.members if d.group is None]
    assert len(honest) > 250
    assert not [d.key for d in honest if d.key in linked]
    # honest reports that share the same opening formula and stock phrases
    opening = cc.OPENINGS[0]
    same = [d for d in honest if opening in d.text]
    assert len(same) >= 20
    for d in same[:20]:
        stock = [p for p in cc.STOCK_PHRASES if p in d.text]
        assert stock
        assert index.query(d.key, d.text) == []


def test_it_reports_a_published_sample_as_one_cluster_not_n2_pairs(small):
    corpus, _, result = small
    ev = cc.evaluate(corpus, result)
    assert ev["sample_groups"] >= 1
    assert ev["sample_groups_split"] == 0 and ev["sample_groups_without_cluster"] == 0
    by_key = {d.key: d for d in corpus.docs}
    for c in result.clusters:
        groups = {by_key[k].group for k in c.members}
        assert len(groups) == 1
        # one link per member (a spanning tree), not n²
        assert len(c.matches) == len(c.members) + (c.source is not None) - 1
    paired = {k for m in result.pairs for k in (m.a, m.b)}
    clustered = [k for c in result.clusters for k in c.members]
    assert len(clustered) == len(set(clustered)) and not paired & set(clustered)


def test_it_names_the_reference_text_as_source_of_its_copies(small):
    corpus, _, result = small
    by_key = {d.key: d for d in corpus.docs}
    refs = {d.key for d in corpus.references}
    for c in result.clusters:
        if c.source is not None:
            assert c.source in refs and c.source_kind == "reference"
            assert all(by_key[k].source == c.source for k in c.members)
    for m in result.pairs:
        if m.kind == "reference":
            assert m.b in refs and by_key[m.a].source == m.b
        else:
            assert m.a not in refs and m.b not in refs


def _report(rng, writer, n=60):
    return " ".join(writer.sentence() for _ in range(n))


def test_it_does_not_count_quotes_of_the_resolution():
    gen = cc.Generator(5, words=600)
    resolution = "\n".join(gen.resolution)
    quote = " ".join(gen.resolution[10:40])  # a long quote: ~600 syllables
    a = gen.report().text() + "\n" + quote
    b = quote + "\n" + gen.report().text()
    plain = CopyIndex(Params())
    plain.add("a", a)
    plain.add("b", b)
    assert [m.b for m in plain.query("a", a)] == ["b"]  # without the exception: a copy
    index = CopyIndex(Params(), ignore_texts=[resolution])
    index.add("a", a)
    index.add("b", b)
    result = index.check()
    assert result.pairs == [] and result.clusters == []
    assert index.query("a", a) == []
    # but copying another member's own words next to the quote is still a copy
    c = quote + "\n" + a
    assert [m.b for m in index.query("c", c)] == ["a"]


def test_it_checks_one_new_report_like_the_full_check(small):
    corpus, index, result = small
    linked = _linked(result)
    rng = random.Random(0)
    flagged = [d for d in corpus.members if d.key in linked]
    for d in rng.sample(flagged, 25) + rng.sample(corpus.members, 25):
        got = index.query(d.key, d.text)
        assert {m.b for m in got} <= linked.get(d.key, set())
        assert bool(got) == (d.key in linked)
        assert all(m.a == d.key and m.score >= index.params.threshold for m in got)
    # the scores of a pair are the same both ways
    for m in result.pairs[:10]:
        q = {x.b: x for x in index.query(m.a, by_text(corpus, m.a))}
        assert q[m.b].score == pytest.approx(m.score)
        assert q[m.b].jaccard == pytest.approx(m.jaccard)


def by_text(corpus, key):
    return next(d.text for d in corpus.docs if d.key == key)


def test_it_adds_and_removes_documents_incrementally():
    gen = cc.Generator(9, words=500)
    reports = [gen.report() for _ in range(30)]
    index = CopyIndex(Params())
    for i, r in enumerate(reports):
        index.add(f"m{i}", sketch=sketch(r.text()).to_bytes())
    assert index.check().pairs == []
    copy = unicodedata.normalize("NFD", gen.light_edit(reports[4]).text())
    index.add("late", copy)  # after the build: searchable at once
    assert [m.b for m in index.query("new", copy)] == ["late", "m4"] or {
        m.b for m in index.query("new", copy)
    } == {"late", "m4"}
    assert {m.b for m in index.query("late", copy)} == {"m4"}
    index.remove("m4")
    assert "m4" not in index and len(index) == 30
    assert index.query("late", copy) == []
    result = index.check()
    assert result.pairs == [] and result.clusters == []
    index.add("m4", reports[4].text())
    result = index.check()
    assert [(m.a, m.b, m.kind) for m in result.pairs] == [("late", "m4", "pair")]
    with pytest.raises(KeyError):
        index.remove("nobody")
    with pytest.raises(ValueError):
        index.add("x")
    with pytest.raises(ValueError):
        index.add("x", sketch=sketch("a b c", Params(shingle=6)))


def test_it_filters_the_check_by_keys(small):
    corpus, index, result = small
    some = result.pairs[0]
    part = index.check(keys=[some.a])
    assert [(m.a, m.b) for m in part.pairs] == [(some.a, some.b)] and part.clusters == []
    member = result.clusters[0].members[0]
    part = index.check(keys=[member])
    assert part.pairs == [] and part.clusters[0].members == result.clusters[0].members


def test_it_writes_the_command_line_json(small):
    _, _, result = small
    data = json.loads(json.dumps(result.to_json()))
    assert set(data) == {"pairs", "clusters"}
    for p in data["pairs"]:
        assert set(p) == {"a", "b", "score", "kind"} and p["kind"] in ("pair", "reference")
        assert 0 < p["score"] <= 1
    for c in data["clusters"]:
        assert set(c) == {"members", "source"} and len(c["members"]) >= 2
    assert Result().to_json() == {"pairs": [], "clusters": []}


def test_it_copes_with_empty_and_tiny_documents():
    empty = CopyIndex(Params())
    assert empty.query("x", "một hai ba bốn năm sáu") == []
    assert empty.check().to_json() == {"pairs": [], "clusters": []}
    index = CopyIndex(Params())
    index.add("empty", "")
    index.add("tiny", "một hai")
    index.add("tiny2", "một hai")
    result = index.check()
    assert result.pairs == [] and result.stats["documents"] == 3
    assert index.query("x", "") == []


def test_it_finds_a_sample_copied_by_a_large_share_of_a_small_unit():
    # In a cell of 30, 12 copies of one sample are "boilerplate" by document frequency:
    # they still count because they are one long run.
    gen = cc.Generator(21, words=300)
    index = CopyIndex(Params(), ignore_texts=["\n".join(gen.resolution)])
    for i in range(18):
        index.add(f"h{i}", gen.report().text())
    sample = gen.report()
    for i in range(12):
        index.add(f"c{i:02d}", gen.light_edit(sample).text())
    result = index.check()
    assert result.pairs == []
    assert [c.members for c in result.clusters] == [[f"c{i:02d}" for i in range(12)]]
    assert result.clusters[0].source is None and len(result.clusters[0].matches) == 11


def test_it_works_with_bands_of_several_rows():
    gen = cc.Generator(4, words=400)
    reports = [gen.report() for _ in range(20)]
    index = CopyIndex(Params(bands=32, rows=4, min_band_hits=2))
    for i, r in enumerate(reports):
        index.add(f"m{i}", r.text())
    index.add("copy", gen.light_edit(reports[7]).text())
    result = index.check()
    assert [{m.a, m.b} for m in result.pairs] == [{"copy", "m7"}]
    assert result.pairs[0].score > 0.4
