"""The demo programs on the fixture province's campaign."""

import time

from quantriet.programs import demo
from quantriet.programs.models import Comment, Program, Task
from quantriet.programs.selectors import report_figures


def test_it_loads_an_adopted_province_program_and_district_programs_built_from_it(campaign):
    p = campaign.province
    started = time.monotonic()
    demo.load(campaign.campaign, seed=7)
    assert time.monotonic() - started < 5
    province = Program.objects.get(unit=p.t01)
    assert (province.document_number, province.versions.count()) == ("05-CTr/TU", 2)
    assert not Comment.objects.filter(answer_kind="").exists()
    assert Comment.objects.count() == 2
    districts = Program.objects.filter(parent=province)
    assert {d.unit.code for d in districts} == {"H01", "H02"}
    assert all(t.implements.program == province for t in Task.objects.filter(
        program__in=districts))
    figures = report_figures(campaign.campaign, [p.t01])[p.t01.pk]
    assert figures["programs"] == 3 and figures["tasks"] >= 5
    assert 0 < figures["progress"] <= 100
    demo.load(campaign.campaign, seed=7)  # idempotent
    assert Program.objects.count() == 3
