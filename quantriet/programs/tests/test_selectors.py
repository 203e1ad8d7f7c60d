"""Roll-ups per unit and per level, the report's figures, overdue tasks."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from quantriet.programs import services
from quantriet.programs.models import Task
from quantriet.programs.selectors import overdue_tasks, report_figures, rollup

from .conftest import DAY, TODAY, adopt


def _two_levels(c):
    """H01 adopted (t1 weight 3 at 60 %, t2 weight 1 overdue at 0 %); its commune builds
    from it and adopts; H02 has a draft only."""
    p = c.province
    adopt(c)
    services.progress_record(actor=None, task=c.t1, percent=60)
    commune = services.program_create(actor=None, campaign=c.campaign, unit=p.h01x01,
                                      from_parent=True)
    adopt(c, program=commune, number="07-CTr/ĐU")
    for t in commune.tasks.all():
        services.progress_record(actor=None, task=t, percent=100)
    services.program_create(actor=None, campaign=c.campaign, unit=p.h02)
    return commune


def test_it_rolls_up_weighted_progress_and_overdue_per_unit(drafted):
    p = drafted.province
    _two_levels(drafted)
    with CaptureQueriesContext(connection) as queries:
        figures = report_figures(drafted.campaign, [p.t01, p.h01, p.h01x01, p.h02, p.c1])
    assert len(queries) == 1
    # H01: its 2 tasks + the commune's 2 (weights 3, 1, 3, 1): (180 + 0 + 300 + 100) / 8.
    assert figures[p.h01.pk] == {"programs": 2, "adopted": 2, "tasks": 4, "tasks_done": 2,
                                 "tasks_overdue": 1, "progress": 72.5}
    assert figures[p.h01x01.pk] == {"programs": 1, "adopted": 1, "tasks": 2,
                                    "tasks_done": 2, "tasks_overdue": 0, "progress": 100.0}
    # A draft counts as a program, its tasks are not tracked yet.
    assert figures[p.h02.pk] == {"programs": 1, "adopted": 0, "tasks": 0, "tasks_done": 0,
                                 "tasks_overdue": 0, "progress": 0.0}
    assert figures[p.t01.pk]["programs"] == 3 and figures[p.t01.pk]["tasks"] == 4
    assert figures[p.c1.pk]["programs"] == 0
    assert report_figures(drafted.campaign, []) == {}


def test_it_rolls_up_by_child_and_by_level(drafted):
    p = drafted.province
    _two_levels(drafted)
    r = rollup(drafted.campaign, p.t01)
    by_child = {c["unit"].code: c for c in r["children"]}
    assert by_child["H01"]["tasks_overdue"] == 1 and by_child["H02"]["adopted"] == 0
    levels = {lv["offset"]: lv for lv in r["levels"]}
    assert (levels[1]["units"], levels[1]["programs"], levels[1]["adopted"]) == (2, 2, 1)
    assert (levels[2]["units"], levels[2]["programs"], levels[2]["progress"]) == (
        2, 1, 100.0)
    assert r["total"]["tasks"] == 4 and r["own"] is None


def test_it_lists_overdue_tasks_by_program_or_lead_unit(drafted):
    p = drafted.province
    _two_levels(drafted)
    assert list(overdue_tasks(drafted.campaign, p.h01)) == [drafted.t2]
    # t2 is led by the commune: the commune's list shows it too; the other district's not.
    assert list(overdue_tasks(drafted.campaign, p.h01x01)) == [drafted.t2]
    assert list(overdue_tasks(drafted.campaign, p.h02)) == []
    # The queryset filter and the model rule agree.
    for t in Task.objects.all():
        assert t.is_overdue(TODAY) == Task.objects.overdue(TODAY).filter(pk=t.pk).exists()
    t2 = Task.objects.get(pk=drafted.t2.pk)
    assert (t2.status(TODAY), t2.days_overdue(TODAY)) == ("overdue", 2)
    assert t2.status(TODAY - 3 * DAY) == "not_started"
