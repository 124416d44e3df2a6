from django.apps import AppConfig


class PensionsConfig(AppConfig):
    name = "chatr.pensions"
    label = "pensions"
