from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "quantriet.ops"
    label = "ops"
