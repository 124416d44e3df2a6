"""Households, files and people honour the scoped-record contract: a Zanjan officer never sees
a Kerman household, file or person, through any page or endpoint, and cannot act on them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from chatr.org.testing import ScopedRecordContract
from chatr.registry.tests.factories import national_code, open_file, register_household

pytestmark = pytest.mark.django_db


class TestHouseholdScope(ScopedRecordContract):
    reader_in_scope = "kerman_manager"
    reader_out_of_scope = "zanjan_officer"
    owner_unit_code = "C0801"

    def make_record(self, world: Any, unit: Any) -> Any:
        return register_household(world.kerman_manager, unit)

    def list_url(self) -> str:
        return reverse("registry:households")

    def detail_url(self, record: Any) -> str:
        return reverse("registry:household_detail", args=[record.pk])

    def api_list_url(self) -> str:
        return "/api/v1/registry/households?limit=200"

    def api_detail_url(self, record: Any) -> str:
        return f"/api/v1/registry/households/{record.pk}"


class TestHouseholdScopeForZanjanManager(TestHouseholdScope):
    """A manager of another province (who may approve there) is just as blind here."""

    reader_out_of_scope = "zanjan_manager"


class TestHouseholdScopeForCountyRecord(TestHouseholdScope):
    """Rafsanjan, Kerman's second county: the province's managers see it too."""

    owner_unit_code = "C0802"


class TestClientFileScope(ScopedRecordContract):
    reader_in_scope = "kerman_manager"
    reader_out_of_scope = "zanjan_officer"
    owner_unit_code = "C0801"

    def make_record(self, world: Any, unit: Any) -> Any:
        from chatr.registry.demo import seed_score_factors

        seed_score_factors()
        return open_file(world.kerman_manager, register_household(world.kerman_manager, unit))

    def list_url(self) -> str:
        return reverse("registry:files")

    def detail_url(self, record: Any) -> str:
        return reverse("registry:file_detail", args=[record.file_number])

    def api_list_url(self) -> str:
        return "/api/v1/registry/files?limit=200"

    def api_detail_url(self, record: Any) -> str:
        return f"/api/v1/registry/files/{record.file_number}"

    def marker(self, record: Any) -> str:
        return str(record.file_number)

    def api_ids(self, payload: Any) -> set[str]:
        return {item["file_number"] for item in payload["items"]}

    def test_guessed_file_numbers_answer_404_like_missing_ones(
        self, record: Any, client_for: Any
    ) -> None:
        client = client_for(self.reader_out_of_scope)
        out_of_scope = client.get(self.api_detail_url(record))
        missing = client.get("/api/v1/registry/files/100000000009")
        assert out_of_scope.status_code == missing.status_code == 404
        assert out_of_scope.json() == missing.json()
        page = client.get(self.detail_url(record))
        missing_page = client.get(reverse("registry:file_detail", args=["100000000009"]))
        assert page.status_code == missing_page.status_code == 404


class TestWaitingFileScope(TestClientFileScope):
    """The waiting list is scoped like the files it ranks."""

    def make_record(self, world: Any, unit: Any) -> Any:
        from chatr.registry.demo import seed_score_factors

        seed_score_factors()
        household = register_household(world.kerman_manager, unit)
        return open_file(world.kerman_manager, household, "waiting")

    def list_url(self) -> str:
        return reverse("registry:waiting_list")

    def api_list_url(self) -> str:
        return "/api/v1/registry/waiting-list?limit=200"


# ---------------------------------------------------------------- people and writes


@pytest.fixture
def kerman_person(kerman_household: Any) -> Any:
    return kerman_household.head


def test_a_zanjan_officer_never_opens_a_kerman_person(kerman_person, client_for) -> None:
    client = client_for("zanjan_officer")
    page = client.get(reverse("registry:person_detail", args=[kerman_person.pk]))
    assert page.status_code == 404
    assert kerman_person.national_code not in page.content.decode()
    api = client.get(f"/api/v1/registry/persons/{kerman_person.pk}")
    missing = client.get("/api/v1/registry/persons/999999999")
    assert api.status_code == missing.status_code == 404
    assert api.json() == missing.json()


def test_a_zanjan_officer_cannot_look_up_a_kerman_national_code(kerman_person, client_for):
    client = client_for("zanjan_officer")
    found = client.post(
        "/api/v1/registry/persons/lookup",
        {"national_code": kerman_person.national_code},
        content_type="application/json",
    )
    unknown = client.post(
        "/api/v1/registry/persons/lookup",
        {"national_code": national_code()},
        content_type="application/json",
    )
    assert found.status_code == unknown.status_code == 404
    assert found.json() == unknown.json()
    page = client.post(
        reverse("registry:person_find"), {"national_code": kerman_person.national_code}
    )
    assert page.status_code == 404
    assert "registry/people/" not in page.get("Location", "")


def test_the_kerman_manager_finds_the_kerman_person(kerman_person, client_for) -> None:
    response = client_for("kerman_manager").post(
        reverse("registry:person_find"), {"national_code": kerman_person.national_code}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:person_detail", args=[kerman_person.pk])


def test_writes_on_kerman_records_from_zanjan_answer_404(
    world, kerman_household, client_for
) -> None:
    file = open_file(world.kerman_manager, kerman_household, "waiting")
    client = client_for("zanjan_manager")
    posts = [
        (reverse("registry:member_add", args=[kerman_household.pk]), {"mode": "existing"}),
        (reverse("registry:file_open", args=[kerman_household.pk]), {}),
        (reverse("registry:file_queue", args=[file.file_number]), {}),
        (reverse("registry:file_decide", args=[file.file_number]), {}),
        (reverse("registry:file_activate", args=[file.file_number]), {}),
        (reverse("registry:file_close", args=[file.file_number]), {"close-reason": "moved"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    file.refresh_from_db()
    assert file.state == "waiting"


def test_a_kerman_county_is_not_offered_to_a_zanjan_officer(world, client_for) -> None:
    client = client_for("zanjan_officer")
    page = client.get(reverse("registry:household_register")).content.decode()
    assert f'value="{world.unit("C1901").pk}"' in page
    assert f'value="{world.unit("C0801").pk}"' not in page
