"""HQ managers keep the taxonomy in the admin, and see nothing else there."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_hq_manager_edits_the_taxonomy_but_not_users(world, taxonomy, client_for) -> None:
    client = client_for("hq_manager")
    assert client.get(reverse("admin:watchdog_subjectarea_changelist")).status_code == 200
    change = reverse("admin:watchdog_category_change", args=[taxonomy["quality"].pk])
    assert client.get(change).status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    delete = reverse("admin:watchdog_category_delete", args=[taxonomy["quality"].pk])
    assert client.get(delete).status_code == 403


def test_province_staff_have_no_taxonomy_admin(world, taxonomy, client_for) -> None:
    response = client_for("kerman_manager").get(reverse("admin:watchdog_subjectarea_changelist"))
    assert response.status_code in {302, 403}
