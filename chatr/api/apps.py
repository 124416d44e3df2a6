from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "chatr.api"
    label = "api"
