"""Demo data: the seed's opinion ballot on the demo campaign, answered online by some
members (anonymously) and on paper at some bridge points. Set-based inserts; idempotent."""

from __future__ import annotations

import datetime
import random
import uuid

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from quantriet.dbutil import placeholders

from .models import (
    CHOICE_KINDS,
    Answer,
    PaperCount,
    PaperTally,
    Participation,
    QuestionKind,
    Questionnaire,
    Response,
    Source,
    TallyCorrection,
)
from .services import questionnaire_create_from_template

ONLINE_SHARE = 0.10  # of the members on the roll (not exempt)
PAPER_SHARE = 0.4  # of the bridge points
# "Most cadres and members highly agree": weights of the five points, strongest first.
SCALE_WEIGHTS = [62, 30, 6, 1.5, 0.5]
COMMENTS = [
    "Nghị quyết rất thiết thực, cần cụ thể hóa bằng chương trình hành động sát thực tế.",
    "Đề nghị tăng cường kiểm tra, giám sát việc thực hiện Nghị quyết ở cơ sở.",
    "Cần nêu gương người đứng đầu trong tu dưỡng, rèn luyện đạo đức, lối sống.",
    "Đề nghị tổ chức sinh hoạt chuyên đề định kỳ để liên hệ trách nhiệm bản thân.",
]


def _weights(question) -> list[float]:
    n = len(question.options.all())
    if question.kind == QuestionKind.SCALE5:
        return SCALE_WEIGHTS
    return [max(1.0, 60 / (i + 1) ** 1.5) for i in range(n)]


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _insert(model, columns: list[str], rows: list[tuple], chunk: int = 500) -> None:
    """Multi-row INSERTs: the ORM's per-object work dominated bulk_create here, and
    executemany makes one round trip per row on PostgreSQL."""
    quote = connection.ops.quote_name
    head = (f"INSERT INTO {quote(model._meta.db_table)} "
            f"({', '.join(quote(c) for c in columns)}) VALUES ")
    with connection.cursor() as cursor:
        for i in range(0, len(rows), chunk):
            part = rows[i:i + chunk]
            cursor.execute(head + placeholders(len(columns), len(part)),
                           [v for row in part for v in row])


@transaction.atomic
def load(campaign, *, seed: int) -> None:
    from quantriet.campaigns.models import RollEntry
    from quantriet.meetings.models import BridgePoint

    code = f"{campaign.code}-PLYK"[:50]
    if Questionnaire.objects.filter(code=code).exists():
        return
    rng = random.Random(seed * 7919 + 5)
    opened = timezone.make_aware(datetime.datetime.combine(
        campaign.starts_on or campaign.roll_date, datetime.time(7, 0)))
    ballot = questionnaire_create_from_template(
        actor=None, template_key="resolution-agreement", campaign=campaign,
        owner=campaign.owner, code=code, opens_at=opened)
    questions = list(ballot.questions.prefetch_related("options").order_by("order"))
    day = timezone.localdate(opened)

    roll = list(RollEntry.objects.filter(campaign=campaign, exempt=False)
                .values_list("member_id", "member__unit_id").order_by("member_id"))
    chosen = rng.sample(roll, int(len(roll) * ONLINE_SHARE))
    uid = Response._meta.pk
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    on = connection.ops.adapt_datefield_value(day)
    participations, responses, answers = [], [], []
    choice = [(q.pk, list(q.options.all()), _weights(q)) for q in questions
              if q.kind in CHOICE_KINDS]
    text = [q.pk for q in questions if q.kind == QuestionKind.TEXT]
    for member_id, unit_id in chosen:
        participations.append((ballot.pk, member_id, unit_id, stamp))
        response_id = uid.get_db_prep_value(_uuid(rng), connection)
        responses.append((response_id, ballot.pk, unit_id, Source.ONLINE, on))
        for question_id, options, weights in choice:
            o = rng.choices(options, weights=weights)[0]
            answers.append((uid.get_db_prep_value(_uuid(rng), connection), response_id,
                            question_id, o.pk, ""))
        for question_id in text:
            if rng.random() < 0.08:
                answers.append((uid.get_db_prep_value(_uuid(rng), connection), response_id,
                                question_id, None, rng.choice(COMMENTS)))
    # Shuffled so that even the insertion order says nothing about who answered what.
    rng.shuffle(responses)
    _insert(Participation, ["questionnaire_id", "member_id", "unit_id", "created_at"],
            participations)
    _insert(Response, ["id", "questionnaire_id", "unit_id", "source", "submitted_on"],
            responses)
    _insert(Answer, ["id", "response_id", "question_id", "option_id", "text"], answers)

    points = list(BridgePoint.objects.filter(meeting__campaign=campaign)
                  .annotate(present=Count("attendances",
                                          filter=Q(attendances__status="present")))
                  .select_related("host").order_by("pk"))
    papers = []
    for bp in rng.sample(points, int(len(points) * PAPER_SHARE)):
        ballots = max(5, int(bp.present * rng.uniform(0.3, 0.7)))
        papers.append(PaperCount(questionnaire=ballot, bridge_point=bp, unit=bp.host,
                                 ballots=ballots))
    PaperCount.objects.bulk_create(papers)
    tallies, log = [], []
    for paper in papers:
        log.append(TallyCorrection(paper_count=paper, option=None, old=None,
                                   new=paper.ballots, changed_at=now))
        for q in questions:
            if q.kind not in CHOICE_KINDS:
                continue
            options = list(q.options.all())
            blank = rng.randint(0, max(0, paper.ballots // 40))
            picks = rng.choices(options, weights=_weights(q), k=paper.ballots - blank)
            for o in options:
                n = sum(1 for p in picks if p.pk == o.pk)
                tallies.append(PaperTally(paper_count=paper, option=o, count=n))
                log.append(TallyCorrection(paper_count=paper, option=o, old=None, new=n,
                                           changed_at=now))
    PaperTally.objects.bulk_create(tallies, batch_size=5000)
    TallyCorrection.objects.bulk_create(log, batch_size=5000)
