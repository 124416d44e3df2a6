"""Pages for coverage figures and bulk import (kept apart from the record pages in urls.py)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
