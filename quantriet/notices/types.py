"""What an app hands the reminder sender: one reminder for one user about one thing.

Every app that reminds people of something has a module `<app>/reminders.py` with

    def due(today: datetime.date) -> Iterable[Reminder]

listed in SOURCES below. `quantriet remind` collects them all and sends each (user, kind,
key) once only, whatever how often it runs; users can mute a kind.
"""

from __future__ import annotations

from dataclasses import dataclass

# App modules with a `due(today)` generator, in the order they are asked.
SOURCES = (
    "quantriet.notices.sources",  # deliverables missing (the campaigns cascade)
    "quantriet.learning.reminders",
    "quantriet.copychecks.reminders",
    "quantriet.programs.reminders",
    "quantriet.inspections.reminders",
)


# The kinds of reminder (users mute them one by one). quantriet.notices owns their labels.
KIND_KEYS = (
    "deliverable_missing",  # a plan / action program / result report not yet received
    "report_missing",  # a member's learning report not yet submitted
    "comment_round_open",  # a comment round on a draft action program opened
    "comment_round_closing",  # ... closes soon
    "task_due_soon",  # a program task due within a few days
    "task_overdue",
    "inspection_assigned",
    "evaluation_missing",  # an inspector's evaluation not recorded after the session
)


@dataclass(frozen=True)
class Reminder:
    user_id: int
    kind: str  # one of KIND_KEYS
    key: str  # what it is about, stable across runs, e.g. "task:42:due-soon"
    subject: str  # Vietnamese, already translated
    body: str  # Vietnamese, already translated
    url: str = ""  # a path in this site
