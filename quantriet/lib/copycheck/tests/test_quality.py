"""Measured quality on a held-out seed (7): the parameters were tuned on seeds 1 and 2."""

from .conftest import load_copycorpus

cc = load_copycorpus()


def test_it_meets_the_quality_targets_on_a_held_out_corpus():
    corpus = cc.generate(800, 7)
    _, result = cc.run_check(corpus)
    ev = cc.evaluate(corpus, result)
    for kind, v in ev["kinds"].items():
        assert v["planted"] > 0, kind
        assert v["recall"] >= 0.98, (kind, v)
        assert v["precision"] >= 0.99, (kind, v)
    assert ev["honest_flagged"] == 0
    assert ev["sample_groups_split"] == 0 and ev["sample_groups_without_cluster"] == 0
