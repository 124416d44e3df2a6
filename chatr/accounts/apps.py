from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "chatr.accounts"
    label = "accounts"
