from django.urls import path

from chatr.ui import views

app_name = "ui"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
]
