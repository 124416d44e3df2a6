from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "chatr.demo"
    label = "demo"
