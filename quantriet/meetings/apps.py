from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "quantriet.meetings"
    label = "meetings"
    verbose_name = _("Meetings and attendance")

    def ready(self):
        from . import signals  # noqa: F401
