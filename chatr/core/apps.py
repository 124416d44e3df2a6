from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chatr.core"
    label = "core"
