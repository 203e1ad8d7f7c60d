"""Signals other apps listen to (the copy check indexes every newly submitted report)."""

import django.dispatch

# Sent with report=<LearningReport>, after the transaction commits, whenever a report is
# submitted or resubmitted (typed, uploaded, paper, imported).
report_submitted = django.dispatch.Signal()
