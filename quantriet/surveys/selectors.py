"""Reads of the surveys app: results merged from online answers and paper tallies, per unit
and per level, and the figures contract of the result report (`report_figures`).

Every aggregate is a handful of GROUP BY queries over the leaf units that hold answers,
rolled up in Python along the materialised paths: never a query per unit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from quantriet.lib import vntext
from quantriet.orgs.models import PATH_SEGMENT, Unit

from .models import (
    CHOICE_KINDS,
    Answer,
    PaperCount,
    PaperTally,
    Purpose,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
)

SEGMENT = PATH_SEGMENT + 1  # "0000000042/"


@dataclass
class Tally:
    """Raw counts of one questionnaire over one unit's subtree."""

    online: int = 0  # online responses
    paper: int = 0  # paper ballots collected
    option_online: dict = field(default_factory=lambda: defaultdict(int))
    option_paper: dict = field(default_factory=lambda: defaultdict(int))
    answered_online: dict = field(default_factory=lambda: defaultdict(int))  # question pk
    number_sum: dict = field(default_factory=lambda: defaultdict(Decimal))
    number_count: dict = field(default_factory=lambda: defaultdict(int))


def _units_q(units: list[Unit], field_name: str) -> Q:
    """Rows within any of the units' subtrees (the top-most ones suffice)."""
    roots: list[str] = []
    for path in sorted(u.path for u in units):
        if not any(path.startswith(r) for r in roots):
            roots.append(path)
    q = Q(pk__in=[])
    for r in roots:
        q |= Q(**{f"{field_name}__startswith": r})
    return q


def _prefixes(path: str) -> list[str]:
    return [path[:i] for i in range(SEGMENT, len(path) + 1, SEGMENT)]


def tallies(questionnaire_ids: list[int], units: list[Unit]) -> dict[tuple[int, int], Tally]:
    """{(unit pk, questionnaire pk): Tally} over each unit's subtree, in seven queries."""
    by_path = {u.path: u.pk for u in units}
    out: dict[tuple[int, int], Tally] = {
        (u.pk, qid): Tally() for u in units for qid in questionnaire_ids}
    if not units or not questionnaire_ids:
        return out

    def spread(path: str, qid: int):
        for prefix in _prefixes(path):
            pk = by_path.get(prefix)
            if pk is not None:
                yield out[(pk, qid)]

    responses = Response.objects.filter(questionnaire_id__in=questionnaire_ids)
    responses = responses.filter(_units_q(units, "unit__path"))
    for row in responses.values("questionnaire_id", "unit__path").annotate(n=Count("id")):
        for t in spread(row["unit__path"], row["questionnaire_id"]):
            t.online += row["n"]
    answers = Answer.objects.filter(response__questionnaire_id__in=questionnaire_ids).filter(
        _units_q(units, "response__unit__path"))
    rows = (answers.filter(option__isnull=False)
            .values("response__questionnaire_id", "response__unit__path", "option_id")
            .annotate(n=Count("id")).order_by())
    for row in rows:
        for t in spread(row["response__unit__path"], row["response__questionnaire_id"]):
            t.option_online[row["option_id"]] += row["n"]
    rows = (answers.values("response__questionnaire_id", "response__unit__path", "question_id")
            .annotate(n=Count("response_id", distinct=True)).order_by())
    for row in rows:
        for t in spread(row["response__unit__path"], row["response__questionnaire_id"]):
            t.answered_online[row["question_id"]] += row["n"]
    rows = (answers.filter(number__isnull=False)
            .values("response__questionnaire_id", "response__unit__path", "question_id")
            .annotate(s=Sum("number"), n=Count("id")).order_by())
    for row in rows:
        for t in spread(row["response__unit__path"], row["response__questionnaire_id"]):
            t.number_sum[row["question_id"]] += row["s"] or 0
            t.number_count[row["question_id"]] += row["n"]
    papers = PaperCount.objects.filter(questionnaire_id__in=questionnaire_ids).filter(
        _units_q(units, "unit__path"))
    for row in papers.values("questionnaire_id", "unit__path").annotate(b=Sum("ballots")):
        for t in spread(row["unit__path"], row["questionnaire_id"]):
            t.paper += row["b"] or 0
    rows = (PaperTally.objects.filter(paper_count__questionnaire_id__in=questionnaire_ids)
            .filter(_units_q(units, "paper_count__unit__path"))
            .values("paper_count__questionnaire_id", "paper_count__unit__path", "option_id")
            .annotate(n=Sum("count")).order_by())
    for row in rows:
        for t in spread(row["paper_count__unit__path"], row["paper_count__questionnaire_id"]):
            t.option_paper[row["option_id"]] += row["n"] or 0
    return out


def questions_of(questionnaire_ids: list[int]) -> dict[int, list[Question]]:
    qs = (Question.objects.filter(questionnaire_id__in=questionnaire_ids)
          .prefetch_related("options").order_by("questionnaire_id", "order"))
    out: dict[int, list[Question]] = defaultdict(list)
    for q in qs:
        out[q.questionnaire_id].append(q)
    return out


def _percent(part: int, whole: int):
    return vntext.percent(part, whole) if whole else None


def _question_result(q: Question, t: Tally) -> dict:
    row = {"pk": q.pk, "order": q.order, "key": q.key, "kind": q.kind, "text": q.text,
           "section": q.section, "is_choice": q.kind in CHOICE_KINDS, "options": []}
    if q.kind in CHOICE_KINDS:
        paper_answered = (t.paper if q.kind == QuestionKind.MULTIPLE
                          else sum(t.option_paper[o.pk] for o in q.options.all()))
        answered = t.answered_online[q.pk] + paper_answered
        for o in q.options.all():
            online, paper = t.option_online[o.pk], t.option_paper[o.pk]
            pct = _percent(online + paper, answered)
            row["options"].append({
                "pk": o.pk, "label": o.label, "value": o.value, "online": online,
                "paper": paper, "count": online + paper, "percent": pct,
                "count_text": vntext.format_int(online + paper),
                "online_text": vntext.format_int(online),
                "paper_text": vntext.format_int(paper),
                "percent_text": vntext.format_percent(pct) if pct is not None else "–"})
        row["answered"] = answered
        if q.kind == QuestionKind.SCALE5:
            agree = sum(o["count"] for o in row["options"] if (o["value"] or 0) >= 4)
            row["agree"] = agree
            row["agree_percent"] = _percent(agree, answered)
    elif q.kind == QuestionKind.NUMBER:
        n = t.number_count[q.pk]
        row["answered"] = n
        row["mean"] = (t.number_sum[q.pk] / n) if n else None
        row["mean_text"] = vntext.format_decimal(row["mean"], 2) if n else "–"
    else:
        row["answered"] = t.answered_online[q.pk]
    row["answered_text"] = vntext.format_int(row["answered"])
    return row


def _unit_result(questions: list[Question], t: Tally) -> dict:
    return {"online": t.online, "paper": t.paper, "answers": t.online + t.paper,
            "online_text": vntext.format_int(t.online),
            "paper_text": vntext.format_int(t.paper),
            "answers_text": vntext.format_int(t.online + t.paper),
            "questions": [_question_result(q, t) for q in questions]}


def results(questionnaire: Questionnaire, units: list[Unit]) -> dict[int, dict]:
    """{unit pk: {"online", "paper", "answers", "questions": [{"text", "kind", "answered",
    "options": [{"label", "online", "paper", "count", "percent"}], "agree_percent"
    (scale5: agree + strongly agree), "mean" (number)}]}} over each unit's subtree.
    Percentages are of the answers to that question (online answers to it + paper ballots
    counted for it; a multiple-choice question's paper base is the ballots collected)."""
    questions = questions_of([questionnaire.pk])[questionnaire.pk]
    raw = tallies([questionnaire.pk], units)
    return {u.pk: _unit_result(questions, raw[(u.pk, questionnaire.pk)]) for u in units}


def roll_counts(campaign_id: int | None, units: list[Unit]) -> dict[int, int]:
    """{unit pk: members on the campaign's roll, not exempt, in the unit's subtree}: the
    base of the online participation rate (one GROUP BY, rolled up along the paths)."""
    from quantriet.campaigns.models import RollEntry

    out = {u.pk: 0 for u in units}
    if campaign_id is None or not units:
        return out
    by_path = {u.path: u.pk for u in units}
    rows = (RollEntry.objects.filter(campaign_id=campaign_id, exempt=False)
            .filter(_units_q(units, "unit__path"))
            .values("unit__path").annotate(n=Count("id")).order_by())
    for row in rows:
        for prefix in _prefixes(row["unit__path"]):
            pk = by_path.get(prefix)
            if pk is not None:
                out[pk] += row["n"]
    return out


def with_participation(figures: dict[int, dict], roll: dict[int, int]) -> None:
    """Add "roll" and the online participation rate (online answers / roll) in place."""
    for pk, f in figures.items():
        f["roll"] = roll.get(pk, 0)
        f["roll_text"] = vntext.format_int(f["roll"])
        pct = _percent(f["online"], f["roll"])
        f["online_percent"] = pct
        f["online_percent_text"] = vntext.format_percent(pct) if pct is not None else "–"


def not_answered(questionnaire: Questionnaire, unit: Unit):
    """Members on the campaign's roll (not exempt) in the unit's subtree who have not
    answered online, in name order (a queryset of RollEntry)."""
    from quantriet.campaigns.models import RollEntry

    from .models import Participation

    if questionnaire.campaign_id is None:
        return RollEntry.objects.none()
    done = Participation.objects.filter(questionnaire=questionnaire).values("member_id")
    return (RollEntry.objects.filter(campaign_id=questionnaire.campaign_id, exempt=False,
                                     unit__path__startswith=unit.path)
            .exclude(member_id__in=done)
            .select_related("member", "unit").order_by("member__name_key", "member_id"))


def result_units(unit: Unit, *, level: int = 1, limit: int = 500) -> list[Unit]:
    """The active units `level` levels below `unit` (1: its children), in tree order."""
    return list(Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + level,
                                    active=True).order_by("path")[:limit])


def comments(questionnaire: Questionnaire, unit: Unit, *, limit: int | None = 200) -> list:
    """Free-text answers within the unit's subtree (who wrote them only when named)."""
    qs = (Answer.objects.filter(response__questionnaire=questionnaire,
                                question__kind=QuestionKind.TEXT,
                                response__unit__path__startswith=unit.path)
          .exclude(text="")
          .values("question__order", "question__text", "text", "response__unit__name",
                  "response__respondent__full_name", "response__submitted_on")
          .order_by("question__order", "-response__submitted_on", "response__unit__path",
                    "text"))
    return list(qs[:limit] if limit else qs)


def paper_rows(questionnaire: Questionnaire, bridge_points) -> list[dict]:
    """[{"bp", "paper": PaperCount | None}] for the bridge points given (one query each
    for the bridge points and their counts)."""
    bps = list(bridge_points.select_related("meeting", "host").order_by("meeting__starts_at",
                                                                          "code"))
    counts = {p.bridge_point_id: p for p in PaperCount.objects.filter(
        questionnaire=questionnaire, bridge_point__in=[b.pk for b in bps]
    ).select_related("updated_by")}
    return [{"bp": b, "paper": counts.get(b.pk)} for b in bps]


def report_figures(campaign, units: list[Unit]) -> dict[int, dict]:
    """For each unit (by pk): the campaign's opinion ballots with their answers over that
    unit's subtree: {"ballots": [{"code", "title", "answers" (online responses + paper
    ballots), "questions": [{"text", "answered", "options": [{"label", "count"}]}]}]}.
    "answered" (an addition to the contract): the answers to that question, online and on
    paper, the base of the percentages on the ballot's own page. Only choice questions
    (single, multiple, agreement scale) are listed; a ballot is listed for a unit when its
    owner lies above, at or below the unit."""
    ballots = list(Questionnaire.objects.filter(campaign=campaign, purpose=Purpose.BALLOT)
                   .select_related("owner").order_by("created_at", "code"))
    ids = [b.pk for b in ballots]
    questions = questions_of(ids)
    raw = tallies(ids, units)
    out: dict[int, dict] = {}
    for u in units:
        listed = []
        for b in ballots:
            if not (u.path.startswith(b.owner.path) or b.owner.path.startswith(u.path)):
                continue
            t = raw[(u.pk, b.pk)]
            listed.append({
                "code": b.code, "title": b.title, "answers": t.online + t.paper,
                "questions": [
                    {"text": q.text,
                     "answered": _question_result(q, t)["answered"],
                     "options": [{"label": o.label,
                                  "count": t.option_online[o.pk] + t.option_paper[o.pk]}
                                 for o in q.options.all()]}
                    for q in questions[b.pk] if q.kind in CHOICE_KINDS]})
        out[u.pk] = {"ballots": listed}
    return out


def member_ballots(member, *, now=None) -> list[dict]:
    """The ballots a member may answer (owned at or above their unit), open ones first,
    with whether they took part."""
    from .models import Participation

    ids = member.unit.ancestor_ids()
    qs = list(Questionnaire.objects.filter(owner_id__in=ids, purpose=Purpose.BALLOT)
              .select_related("campaign").order_by("-created_at"))
    done = set(Participation.objects.filter(member=member, questionnaire__in=qs)
               .values_list("questionnaire_id", flat=True))
    now = now or timezone.now()
    rows = [{"questionnaire": q, "open": q.is_open(now), "answered": q.pk in done,
             "upcoming": bool(q.opens_at and q.opens_at > now)} for q in qs]
    rows.sort(key=lambda r: (not r["open"], r["answered"]))
    return rows
