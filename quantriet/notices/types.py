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
    "quantriet.programs.reminders",
    "quantriet.inspections.reminders",
)


@dataclass(frozen=True)
class Reminder:
    user_id: int
    kind: str  # a key of quantriet.notices.kinds.KINDS, e.g. "task_due", "report_missing"
    key: str  # what it is about, stable across runs, e.g. "task:42:due-soon"
    subject: str  # Vietnamese, already translated
    body: str  # Vietnamese, already translated
    url: str = ""  # a path in this site
