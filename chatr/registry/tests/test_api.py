"""/api/v1/registry: scoped, paginated reads through the selectors, person reads audited,
national codes masked in lists and never in a URL, and the one error shape."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chatr.api.services import api_token_issue
from chatr.audit.models import AuditAction, AuditEvent
from chatr.registry.choices import Severity, Sex
from chatr.registry.models import Person
from chatr.registry.tests.factories import (
    add_disability,
    add_member,
    national_code,
    open_file,
    register_household,
    register_person,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/registry"


def _views_of(person: Person) -> int:
    return AuditEvent.objects.filter(
        action=AuditAction.VIEW,
        target_type=ContentType.objects.get_for_model(Person),
        target_id=str(person.pk),
    ).count()


def test_households_are_paginated_and_show_masked_codes_only(world, client_for) -> None:
    manager = world.zanjan_manager
    households = [register_household(manager, world.unit("C1901")) for _ in range(3)]
    client = client_for("zanjan_officer")

    first = client.get(f"{API}/households?limit=2").json()
    second = client.get(f"{API}/households?limit=2&offset=2").json()

    assert first["count"] == second["count"] == 3
    ids = [item["id"] for item in first["items"] + second["items"]]
    assert sorted(ids) == sorted(h.pk for h in households)
    item = first["items"][0]
    head = Person.objects.get(pk=item["head_id"])
    assert item["head_national_code_masked"] == "******" + head.national_code[-4:]
    assert head.national_code not in str(first)
    assert (item["county"], item["size"]) == ("C1901", 1)


def test_a_household_shows_its_members_with_history_facts_and_files(world, client_for):
    manager = world.zanjan_manager
    mother = register_person(manager, sex=Sex.FEMALE)
    household = register_household(manager, world.unit("C1901"), head=mother, income_decile=2)
    son = add_member(manager, household)
    add_disability(son, Severity.SEVERE)
    leaver = add_member(manager, household)
    other = register_household(manager, world.unit("C1902"))
    from chatr.org.scope import scope_for_user
    from chatr.registry.services import household_member_move

    household_member_move(
        actor=manager,
        scope=scope_for_user(manager),
        person=leaver,
        to=other,
        relationship="other",
        on=date(2026, 11, 1),
    )
    file = open_file(manager, household)

    body = client_for("zanjan_officer").get(f"{API}/households/{household.pk}").json()

    assert body["facts"] == {
        "size": 2,
        "female_headed": True,
        "members_with_disability": 1,
        "disabilities_by_severity": {"severe": 1},
    }
    assert [(m["person_id"], m["relationship"], m["left_on"]) for m in body["members"]] == [
        (mother.pk, "head", None),
        (son.pk, "child", None),
        (leaver.pk, "child", "2026-11-01"),
    ]
    assert all("*" in m["national_code_masked"] for m in body["members"])
    assert [f["file_number"] for f in body["files"]] == [file.file_number]
    assert body["income_decile"] == 2


def test_files_are_filtered_by_state_and_detailed_with_their_score(
    world, score_factors, client_for
) -> None:
    manager = world.zanjan_manager
    applicant = open_file(manager, register_household(manager, world.unit("C1901")))
    waiting = open_file(
        manager, register_household(manager, world.unit("C1901"), income_decile=1), "waiting"
    )
    client = client_for("zanjan_officer")

    listed = client.get(f"{API}/files?state=waiting").json()
    assert [f["file_number"] for f in listed["items"]] == [waiting.file_number]
    everything = client.get(f"{API}/files").json()
    assert {f["file_number"] for f in everything["items"]} == {
        applicant.file_number,
        waiting.file_number,
    }
    bad = client.get(f"{API}/files?state=sleeping")
    assert bad.status_code == 422
    assert bad.json()["code"] == "validation_error"

    detail = client.get(f"{API}/files/{waiting.file_number}").json()
    assert detail["state"] == "waiting"
    assert Decimal(detail["score"]) == Decimal(40)
    assert [(line["factor"], Decimal(line["points"])) for line in detail["score_breakdown"]] == [
        ("low_income_decile", Decimal(40))
    ]
    assert detail["decisions"] == []


def test_the_waiting_list_is_ranked(world, score_factors, client_for) -> None:
    manager = world.zanjan_manager
    low = open_file(manager, register_household(manager, world.unit("C1901")), "waiting")
    high = open_file(
        manager, register_household(manager, world.unit("C1902"), income_decile=1), "waiting"
    )
    open_file(manager, register_household(manager, world.unit("C1901")))  # an applicant
    body = client_for("zanjan_officer").get(f"{API}/waiting-list").json()
    assert body["count"] == 2
    assert [(f["rank"], f["file_number"]) for f in body["items"]] == [
        (1, high.file_number),
        (2, low.file_number),
    ]
    second_page = client_for("zanjan_officer").get(f"{API}/waiting-list?limit=1&offset=1")
    assert [(f["rank"], f["file_number"]) for f in second_page.json()["items"]] == [
        (2, low.file_number)
    ]


def test_a_person_is_looked_up_by_post_and_the_read_is_audited(
    world, zanjan_household, client_for
) -> None:
    head = zanjan_household.head
    client = client_for("zanjan_officer")
    spaced = f"{head.national_code[:3]} {head.national_code[3:]}"

    response = client.post(
        f"{API}/persons/lookup", {"national_code": spaced}, content_type="application/json"
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["national_code"]) == (head.pk, head.national_code)
    assert [h["household_id"] for h in body["households"]] == [zanjan_household.pk]
    assert _views_of(head) == 1
    event = AuditEvent.objects.get(action=AuditAction.VIEW, target_id=str(head.pk))
    assert (event.channel, event.org_unit) == ("api", world.unit("C1901"))

    assert client.get(f"{API}/persons/{head.pk}").status_code == 200
    assert _views_of(head) == 2


def test_a_lookup_of_an_unknown_or_malformed_code_is_not_found(world, client_for) -> None:
    client = client_for("zanjan_officer")
    for code in (national_code(), "1234567890", "abc"):
        response = client.post(
            f"{API}/persons/lookup", {"national_code": code}, content_type="application/json"
        )
        assert response.status_code == 404
        assert response.json() == {
            "code": "not_found",
            "message_fa": response.json()["message_fa"],
            "message_en": "The record was not found.",
            "fields": {},
        }


def test_the_registry_api_needs_a_staff_client_with_registry_rights(
    world, zanjan_household, client_for
) -> None:
    assert Client().get(f"{API}/households").status_code == 401
    assert client_for("citizen").get(f"{API}/households").status_code == 401
    operator = client_for("kerman_center_operator")
    for url in ("households", "files", "waiting-list"):
        response = operator.get(f"{API}/{url}")
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"


def test_a_token_client_reads_like_the_pages(world, zanjan_household) -> None:
    _row, token = api_token_issue(user=world.zanjan_officer, name="counter app")
    response = Client().get(f"{API}/households", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [zanjan_household.pk]


@pytest.mark.parametrize("path", ["households", "files", "waiting-list"])
def test_api_lists_read_a_fixed_number_of_queries(world, score_factors, client_for, path):
    client = client_for("zanjan_officer")
    manager = world.zanjan_manager

    def add(n: int) -> None:
        for _ in range(n):
            household = register_household(manager, world.unit("C1901"))
            add_member(manager, household)
            open_file(manager, household, "waiting")

    add(1)
    client.get(f"{API}/{path}")
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"{API}/{path}").status_code == 200
    add(4)
    with CaptureQueriesContext(connection) as five:
        assert client.get(f"{API}/{path}").json()["count"] == 5
    assert len(five) == len(one)
