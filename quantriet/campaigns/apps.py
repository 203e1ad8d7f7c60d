from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "quantriet.campaigns"
    label = "campaigns"
    verbose_name = _("Documents and campaigns")
