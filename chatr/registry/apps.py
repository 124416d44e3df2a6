from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "chatr.registry"
    label = "registry"
