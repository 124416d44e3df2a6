from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "chatr.cases"
    label = "cases"
