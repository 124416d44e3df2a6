from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "chatr.notifications"
    label = "notifications"
