"""The registry in the admin: score factors for superusers; people and households read-only,
and a person's page there is audited like the staff pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chatr.audit.models import AuditAction, AuditEvent
from chatr.registry.demo import seed_score_factors
from chatr.registry.models import ScoreFactor

pytestmark = pytest.mark.django_db


def test_a_superuser_edits_the_score_points(world, client_for) -> None:
    seed_score_factors()
    factor = ScoreFactor.objects.get(code="female_headed")
    client = client_for("sysadmin")
    assert client.get(reverse("admin:registry_scorefactor_changelist")).status_code == 200
    change = reverse("admin:registry_scorefactor_change", args=[factor.pk])
    response = client.post(
        change,
        {
            "code": factor.code,
            "name_fa": factor.name_fa,
            "name_en": factor.name_en,
            "points": "30",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    factor.refresh_from_db()
    assert factor.points == 30
    delete = reverse("admin:registry_scorefactor_delete", args=[factor.pk])
    assert client.get(delete).status_code == 403


def test_other_staff_have_no_registry_admin(world, client_for) -> None:
    for username in ("hq_manager", "zanjan_manager"):
        response = client_for(username).get(reverse("admin:registry_scorefactor_changelist"))
        assert response.status_code in {302, 403}
        response = client_for(username).get(reverse("admin:registry_person_changelist"))
        assert response.status_code in {302, 403}


def test_people_are_read_only_and_audited_in_the_admin(world, zanjan_household, client_for):
    client = client_for("sysadmin")
    head = zanjan_household.head
    changelist = client.get(reverse("admin:registry_person_changelist")).content.decode()
    assert head.national_code not in changelist
    change = reverse("admin:registry_person_change", args=[head.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"first_name": "X"}).status_code == 403
    event = AuditEvent.objects.get(action=AuditAction.VIEW, target_id=str(head.pk))
    assert (event.actor, event.org_unit) == (world.sysadmin, world.unit("C1901"))
    household = reverse("admin:registry_household_change", args=[zanjan_household.pk])
    assert client.get(household).status_code == 200
