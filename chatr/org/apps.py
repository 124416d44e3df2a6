from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "chatr.org"
    label = "org"
