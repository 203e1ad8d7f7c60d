"""Reminders of the copychecks app.

Nothing here is owed by a date: flags are decided when graders grade, and the learning
app already reminds them of ungraded reports. So no reminder is produced.
"""


def due(today):
    return iter(())
