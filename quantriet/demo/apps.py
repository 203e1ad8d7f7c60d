from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "quantriet.demo"
    label = "demo"
