"""Reads that aggregate learning reports and action plans.

Counts are taken per leaf unit (the roll unit of each member) in a few grouped queries,
then summed into every asked unit whose path prefixes the leaf's: never a query per unit.
Base of every figure: the members on the campaign roll who must submit (not exempt, not
excused). A report counts as submitted once handed in (awaiting grading, graded, or
returned for rework); submitted = not_graded + graded + returned.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Exists, OuterRef, Q

from quantriet.campaigns.models import Campaign, RollEntry
from quantriet.orgs.models import Unit

from .models import ActionPlan, Commitment, LearningReport, ReportStatus, ScaleKind
from .services import settings_of

COUNT_KEYS = ("expected", "submitted", "late", "graded", "returned", "not_submitted",
              "not_graded", "plans", "plans_reviewed")


def _empty() -> dict:
    return {**{k: 0 for k in COUNT_KEYS}, "by_grade": {}}


def _roots(paths) -> list[str]:
    """The top-most of the paths: a unit's subtree within another's is scanned once."""
    roots: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(r) for r in roots):
            roots.append(path)
    return roots


def _spread(rows, paths: dict[int, str], wanted: set[int], result: dict[int, dict],
            add) -> None:
    """For each (leaf unit id, ...) row, call add(figures of each asked unit above it)."""
    for row in rows:
        path = paths.get(row[0])
        if path is None:
            continue
        for unit_id in Unit.ids_in_path(path):
            if unit_id in wanted:
                add(result[unit_id], row)


def report_figures(campaign: Campaign, units: list[Unit]) -> dict[int, dict]:
    """For each unit (by pk): counts over that unit's whole subtree, for this campaign."""
    result = {u.pk: _empty() for u in units}
    if not units:
        return result
    wanted = set(result)
    unit_prefixes = Q(pk__in=[])
    for path in _roots(u.path for u in units):
        unit_prefixes |= Q(path__startswith=path)
    # Rows are selected by unit id (a semi-join the (campaign, unit, …) indexes serve: a
    # province's rows in a nation's campaign without scanning the nation) and grouped by
    # unit id; the paths of the subtrees' units come in one more query.
    subtree = Unit.objects.filter(unit_prefixes)
    prefixes = Q(unit_id__in=subtree.values("pk"))
    paths = dict(subtree.values_list("pk", "path"))
    scale = settings_of(campaign)
    labels = dict(scale.grade_choices())

    roll = (RollEntry.objects.filter(prefixes, campaign=campaign, exempt=False)
            .values_list("unit_id").annotate(n=Count("pk")).order_by())
    _spread(roll, paths, wanted, result,
            lambda f, r: f.__setitem__("expected", f["expected"] + r[1]))

    exempt = RollEntry.objects.filter(campaign=campaign, exempt=True).values("member_id")
    reports = (LearningReport.objects.filter(prefixes, campaign=campaign)
               .exclude(status=ReportStatus.DRAFT)
               .exclude(member_id__in=exempt)
               .values_list("unit_id", "status", "grade", "is_late")
               .annotate(n=Count("pk")).order_by())

    def add_report(f: dict, row) -> None:
        _unit, status, grade, late, n = row
        if status == ReportStatus.EXCUSED:
            f["expected"] -= n
            return
        f["submitted"] += n
        f["late"] += n if late else 0
        if status == ReportStatus.GRADED:
            f["graded"] += n
            label = labels.get(grade, grade)
            f["by_grade"][label] = f["by_grade"].get(label, 0) + n
        elif status == ReportStatus.RETURNED:
            f["returned"] += n
        else:
            f["not_graded"] += n

    _spread(reports, paths, wanted, result, add_report)

    with_commitments = Commitment.objects.filter(plan_id=OuterRef("pk"))
    plans = (ActionPlan.objects.filter(prefixes, campaign=campaign)
             .filter(Exists(with_commitments))
             .values_list("unit_id")
             .annotate(n=Count("pk"),
                       reviewed=Count("pk", filter=Q(cell_assessed_at__isnull=False)))
             .order_by())

    def add_plans(f: dict, row) -> None:
        f["plans"] += row[1]
        f["plans_reviewed"] += row[2]

    _spread(plans, paths, wanted, result, add_plans)

    order = [label for _v, label in scale.grade_choices()]
    for f in result.values():
        f["not_submitted"] = f["expected"] - f["submitted"]
        if scale.scale_kind == ScaleKind.LABELS:
            f["by_grade"] = {label: f["by_grade"].get(label, 0) for label in order} | {
                k: v for k, v in f["by_grade"].items() if k not in order}
        else:
            f["by_grade"] = {k: f["by_grade"][k] for k in order if k in f["by_grade"]}
    return result


def level_rows(campaign: Campaign, unit: Unit, *, max_levels: int = 4) -> list[dict]:
    """For each level below the unit: how many units, how many of them have every report
    handed in, and how many have every report graded. One figures call for them all."""
    below = list(Unit.objects.filter(path__startswith=unit.path, depth__gt=unit.depth,
                                     depth__lte=unit.depth + max_levels, active=True)
                 .only("pk", "path", "depth", "kind"))
    figures = report_figures(campaign, below)
    levels: dict[int, dict] = {}
    for u in below:
        f = figures[u.pk]
        if f["expected"] == 0:
            continue  # no member must submit there (a unit without members)
        row = levels.setdefault(u.depth, {"depth": u.depth, "offset": u.depth - unit.depth,
                                          "units": 0, "all_submitted": 0, "all_graded": 0,
                                          "kinds": Counter()})
        row["units"] += 1
        row["kinds"][u.get_kind_display()] += 1
        row["all_submitted"] += f["not_submitted"] <= 0
        row["all_graded"] += f["not_submitted"] <= 0 and f["not_graded"] == 0 and \
            f["returned"] == 0
    out = []
    for depth in sorted(levels):
        row = levels[depth]
        row["kind"] = row.pop("kinds").most_common(1)[0][0]
        out.append(row)
    return out


def grade_labels(campaign: Campaign) -> list[str]:
    """The column headers for counts per grade, best first."""
    return [label for _v, label in settings_of(campaign).grade_choices()]


def child_units(campaign: Campaign, unit: Unit) -> list[Unit]:
    """The unit's children inside the campaign, for a table of results by unit."""
    return list(Unit.objects.filter(parent=unit, path__startswith=campaign.owner.path)
                .order_by("code"))


class MemberRows:
    """The roll of a unit's subtree with each member's report (or None), ordered by unit,
    then name, filtered by report status in SQL; a page costs two queries whatever the
    subtree's size (a province: 44,000 members), so the Paginator can take it."""

    def __init__(self, campaign: Campaign, unit: Unit, status: str = "") -> None:
        self.campaign = campaign
        entries = (RollEntry.objects.filter(campaign=campaign, unit__path__startswith=unit.path)
                   .select_related("member", "unit").order_by("unit__path", "member__name_key"))
        report = LearningReport.objects.filter(campaign=campaign, member=OuterRef("member"))
        if status == "missing":
            entries = entries.filter(exempt=False).exclude(
                Exists(report.exclude(status=ReportStatus.DRAFT)))
        elif status:
            entries = entries.filter(Exists(report.filter(status=status)))
        self.entries = entries

    def count(self) -> int:
        return self.entries.count()

    def __len__(self) -> int:
        return self.count()

    def _with_reports(self, entries) -> list[tuple]:
        entries = list(entries)
        reports = {r.member_id: r for r in LearningReport.objects.filter(
            campaign=self.campaign, member_id__in=[e.member_id for e in entries])
            .select_related("grader")}
        return [(e, reports.get(e.member_id)) for e in entries]

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._with_reports(self.entries[index])
        return self._with_reports(self.entries[index:index + 1])[0]

    def __iter__(self):
        """Every row (for the Excel download): one pass over the roll, the reports looked
        up a thousand members at a time."""
        from quantriet.dbutil import batched

        for chunk in batched(self.entries.iterator(chunk_size=2000), 1000):
            yield from self._with_reports(chunk)


def member_rows(campaign: Campaign, unit: Unit, *, status: str = "", user=None) -> MemberRows:
    """The roll of the unit's subtree with each member's report: see MemberRows."""
    return MemberRows(campaign, unit, status)


def grading_queue(user, campaign: Campaign):
    """The reports allocated to the user still awaiting a grade."""
    return (LearningReport.objects.filter(campaign=campaign, grader=user,
                                          status=ReportStatus.SUBMITTED)
            .select_related("member", "unit").order_by("submitted_at", "pk"))


def grader_candidates(campaign: Campaign, unit: Unit):
    """Users holding the grader (or officer) role on the unit, above it, or below it."""
    from quantriet.accounts.models import RoleKind, User

    above = unit.ancestor_ids()
    q = Q(roles__unit_id__in=above) | Q(roles__unit__path__startswith=unit.path)
    return (User.objects.filter(q, is_active=True,
                                roles__kind__in=[RoleKind.GRADER, RoleKind.OFFICER])
            .distinct().order_by("first_name", "username"))


def grade_counts(campaign: Campaign, unit: Unit) -> Counter:
    """Allocated reports awaiting grading, per grader id, in the unit's subtree."""
    rows = (LearningReport.objects.filter(campaign=campaign, unit__path__startswith=unit.path,
                                          status=ReportStatus.SUBMITTED)
            .values_list("grader_id").annotate(n=Count("pk")).order_by())
    return Counter(dict(rows))
