from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CopychecksConfig(AppConfig):
    name = "quantriet.copychecks"
    label = "copychecks"
    verbose_name = _("Copy checks of learning reports")

    def ready(self) -> None:
        from quantriet.learning.signals import report_submitted

        from . import receivers

        report_submitted.connect(receivers.on_report_submitted,
                                 dispatch_uid="copychecks.on_report_submitted")
