from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "chatr.ui"
    label = "ui"
