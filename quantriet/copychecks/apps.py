from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CopychecksConfig(AppConfig):
    name = "quantriet.copychecks"
    label = "copychecks"
    verbose_name = _("Copy checks of learning reports")
