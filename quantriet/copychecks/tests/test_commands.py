import io
import json

import pytest
from django.core.management import CommandError, call_command


def _run(*args, **options) -> str:
    out = io.StringIO()
    call_command("copycheck", *args, stdout=out, stderr=io.StringIO(), no_progress=True,
                 **options)
    return out.getvalue()


def test_it_prints_the_results_as_json(campaign, planted):
    data = json.loads(_run(campaign="NQ4-XII", format="json"))
    assert set(data) == {"pairs", "clusters"}
    pairs = {(p["a"], p["b"], p["kind"]) for p in data["pairs"]}
    assert pairs == {("0101001", "0101004", "pair"), ("0101002", "0201001", "pair"),
                     ("0101005", "Bài mẫu 1", "reference")}
    for p in data["pairs"]:
        assert set(p) == {"a", "b", "score", "kind"} and isinstance(p["score"], float)
    assert data["clusters"] == []


def test_it_limits_the_output_to_a_unit(campaign, planted):
    data = json.loads(_run(campaign="NQ4-XII", unit="H02", format="json"))
    assert [(p["a"], p["b"]) for p in data["pairs"]] == [("0101002", "0201001")]
    table = _run(campaign="NQ4-XII", unit="H01-X01-C02", no_run=True)
    assert "0101005" in table and "Bài mẫu 1" in table and "0201001" not in table


def test_it_reports_clusters(campaign, planted):
    from .factories import SAMPLE, make_report

    p = campaign.province
    for member_id in ("0101003", "0201002"):
        make_report(campaign.campaign, p.members[member_id], SAMPLE + " Hết.")
    data = json.loads(_run(campaign="NQ4-XII", format="json"))
    assert data["clusters"] == [{"members": ["0101003", "0101005", "0201002"],
                                 "source": "Bài mẫu 1"}]
    assert all(p["kind"] == "pair" for p in data["pairs"])


def test_it_refuses_unknown_codes(campaign):
    with pytest.raises(CommandError):
        _run(campaign="KHONG-CO")
    with pytest.raises(CommandError):
        _run(campaign="NQ4-XII", unit="KHONG-CO")
