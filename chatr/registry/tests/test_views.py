"""Registry pages: the one-form registration with its duplicate check, members and moves, the
file page and its actions, the waiting list, audited person pages, and national codes that
never leave the person page (masked in lists, never in a URL)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chatr.audit.models import AuditAction, AuditEvent
from chatr.core.errors import ApplicationError, in_both_languages
from chatr.core.national_code import mask_national_code
from chatr.registry.choices import FileState, Severity, Sex
from chatr.registry.models import ClientFile, Household, HouseholdMember, Person
from chatr.registry.tests.factories import (
    add_disability,
    add_member,
    national_code,
    open_file,
    register_household,
    register_person,
)

pytestmark = pytest.mark.django_db

URL_ATTRIBUTE = re.compile(r'(?:href|action|src|formaction|hx-[a-z]+)="([^"]*)"')


def _registration(world, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "national_code": national_code(),
        "first_name": "زهرا",
        "last_name": "احمدی",
        "father_name": "علی",
        "birth_date": "1360/05/12",
        "sex": "female",
        "nationality": "IR",
        "mobile": "0912 345 6789",
        "education": "دیپلم",
        "employment": "خانه‌دار",
        "county": str(world.unit("C1901").pk),
        "area": "rural",
        "village": "قره‌بوته",
        "address": "کوچه بهار، پلاک ۷",
        "postal_code": "4513845678",
        "income_decile": "2",
        "housing": "rented",
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------- registration


def test_registering_a_household_in_one_form(world, client_for) -> None:
    data = _registration(world)
    response = client_for("zanjan_officer").post(reverse("registry:household_register"), data)
    household = Household.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:household_detail", args=[household.pk])
    head = household.head
    assert (head.national_code, head.sex, head.birth_date) == (
        data["national_code"],
        Sex.FEMALE,
        date(1981, 8, 3),
    )
    assert head.mobile == "+989123456789"
    assert (household.org_unit, household.area, household.income_decile) == (
        world.unit("C1901"),
        "rural",
        2,
    )
    assert HouseholdMember.objects.get(household=household).relationship == "head"


def test_the_registration_form_keeps_every_typed_field_on_error(world, client_for) -> None:
    data = _registration(world, postal_code="0000000000")  # not a valid postal code
    response = client_for("zanjan_officer").post(reverse("registry:household_register"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page
    assert 'href="#id_postal_code"' in page
    for name in (
        "national_code",
        "first_name",
        "last_name",
        "father_name",
        "birth_date",
        "education",
        "employment",
        "village",
        "address",
        "postal_code",
    ):
        assert f'value="{data[name]}"' in page or f"{data[name]}</textarea>" in page, name
    assert 'value="0912 345 6789"' in page
    assert re.search(rf'value="{data["county"]}"\s+selected', page)
    assert re.search(r'value="2"\s+selected', page)
    assert re.search(r'value="rented"\s+selected', page)
    assert re.search(r'type="radio" name="sex" value="female"[^>]*checked', page)
    assert re.search(r'type="radio" name="area" value="rural"[^>]*checked', page)
    assert not Person.objects.exists()


def test_a_possible_duplicate_is_listed_and_confirmed_without_retyping(world, client_for):
    existing = register_person(
        world.zanjan_officer,
        first_name="زهرا",
        last_name="احمدی",
        father_name="علی",
        birth_date=date(1981, 8, 3),
    )
    register_household(world.zanjan_officer, world.unit("C1901"), head=existing)
    client = client_for("zanjan_officer")
    data = _registration(world)

    response = client.post(reverse("registry:household_register"), data)

    assert response.status_code == 409
    page = response.content.decode()
    assert "duplicates-heading" in page
    assert reverse("registry:person_detail", args=[existing.pk]) in page
    assert (
        mask_national_code(existing.national_code).translate(
            str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
        )
        in page
    )
    assert existing.national_code not in page
    assert 'name="confirm_different_person"' in page
    assert f'value="{data["national_code"]}"' in page
    assert Household.objects.count() == 1

    confirmed = client.post(
        reverse("registry:household_register"), {**data, "confirm_different_person": "on"}
    )
    assert confirmed.status_code == 302
    assert Household.objects.count() == 2


def test_a_county_outside_the_officers_province_is_not_a_choice(world, client_for) -> None:
    data = _registration(world, county=str(world.unit("C0801").pk))
    response = client_for("zanjan_officer").post(reverse("registry:household_register"), data)
    assert response.status_code == 400
    assert 'href="#id_county"' in response.content.decode()
    assert not Household.objects.exists()


def test_a_refused_household_leaves_no_head_behind(world, client_for, monkeypatch) -> None:
    from chatr.registry import services

    def refuse(**kwargs):  # type: ignore[no-untyped-def]
        raise ApplicationError(
            "county_out_of_scope",
            "Choose a county in your province.",
            fields={"county": "Choose a county in your province."},
        )

    monkeypatch.setattr(services, "household_create", refuse)
    response = client_for("zanjan_officer").post(
        reverse("registry:household_register"), _registration(world)
    )
    assert response.status_code == 400
    assert not Person.objects.exists()


def test_staff_without_registry_rights_cannot_register(world, client_for) -> None:
    client = client_for("kerman_center_operator")
    assert client.get(reverse("registry:household_register")).status_code == 403
    assert client.get(reverse("registry:households")).status_code == 403


# ---------------------------------------------------------------- members


def test_adding_a_new_member(world, zanjan_household, client_for) -> None:
    response = client_for("zanjan_officer").post(
        reverse("registry:member_add", args=[zanjan_household.pk]),
        {
            "mode": "new",
            "relationship": "child",
            "national_code": national_code(),
            "first_name": "رضا",
            "last_name": "احمدی",
            "birth_date": "1390/01/01",
            "sex": "male",
        },
    )
    assert response.status_code == 302
    assert HouseholdMember.objects.filter(household=zanjan_household).count() == 2


def test_a_new_member_needs_a_name_and_a_birth_date(world, zanjan_household, client_for):
    response = client_for("zanjan_officer").post(
        reverse("registry:member_add", args=[zanjan_household.pk]),
        {"mode": "new", "relationship": "child", "national_code": national_code()},
    )
    assert response.status_code == 400
    page = response.content.decode()
    for name in ("first_name", "last_name", "birth_date"):
        assert f'href="#id_{name}"' in page


def test_an_existing_member_of_another_household_moves_only_when_asked(
    world, zanjan_household, client_for
) -> None:
    other = register_household(world.zanjan_manager, world.unit("C1902"))
    son = add_member(world.zanjan_manager, other)
    url = reverse("registry:member_add", args=[zanjan_household.pk])
    client = client_for("zanjan_officer")
    data = {"mode": "existing", "relationship": "other", "national_code": son.national_code}

    refused = client.post(url, data)
    assert refused.status_code == 400
    message = in_both_languages(
        _("This person is an active member of another household. Record the move instead.")
    )
    assert any(text in refused.content.decode() for text in message)

    moved = client.post(url, {**data, "move_from_current": "on"})
    assert moved.status_code == 302
    rows = HouseholdMember.objects.filter(person=son).order_by("pk")
    assert [(m.household_id, m.left_on is None) for m in rows] == [
        (other.pk, False),
        (zanjan_household.pk, True),
    ]
    page = client.get(reverse("registry:household_detail", args=[other.pk])).content.decode()
    assert reverse("registry:person_detail", args=[son.pk]) in page  # history kept


def test_an_unknown_national_code_is_reported_on_its_field(world, zanjan_household, client_for):
    response = client_for("zanjan_officer").post(
        reverse("registry:member_add", args=[zanjan_household.pk]),
        {"mode": "existing", "relationship": "other", "national_code": national_code()},
    )
    assert response.status_code == 404
    assert 'href="#id_national_code"' in response.content.decode()


# ---------------------------------------------------------------- household page


def test_the_household_page_shows_members_facts_and_files(world, client_for) -> None:
    manager = world.zanjan_manager
    mother = register_person(manager, sex=Sex.FEMALE)
    household = register_household(manager, world.unit("C1901"), head=mother)
    son = add_member(manager, household)
    add_disability(son, Severity.SEVERE)
    open_file(manager, household)

    page = (
        client_for("zanjan_officer")
        .get(reverse("registry:household_detail", args=[household.pk]))
        .content.decode()
    )

    assert page.count("<h1") == 1
    assert reverse("registry:person_detail", args=[son.pk]) in page
    assert son.national_code not in page
    assert any(label in page for label in in_both_languages(_("Female-headed household")))
    assert (
        ClientFile.objects.get().file_number in page.replace("\u2066", "").replace("\u2069", "")
        or reverse("registry:file_detail", args=[ClientFile.objects.get().file_number]) in page
    )


# ---------------------------------------------------------------- person pages


def test_opening_a_person_page_is_audited_and_shows_the_full_code(
    world, zanjan_household, client_for
) -> None:
    person = zanjan_household.head
    response = client_for("zanjan_officer").get(reverse("registry:person_detail", args=[person.pk]))
    assert response.status_code == 200
    persian = person.national_code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert persian in response.content.decode()
    event = AuditEvent.objects.get(
        action=AuditAction.VIEW,
        target_type=ContentType.objects.get_for_model(Person),
        target_id=str(person.pk),
    )
    assert event.actor == world.zanjan_officer
    assert event.org_unit == world.unit("C1901")
    assert event.channel == "web"


def test_finding_a_person_redirects_to_the_numeric_page(world, zanjan_household, client_for):
    person = zanjan_household.head
    client = client_for("zanjan_officer")
    spaced = f"{person.national_code[:3]}-{person.national_code[3:9]}-{person.national_code[9]}"
    response = client.post(reverse("registry:person_find"), {"national_code": spaced})
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:person_detail", args=[person.pk])
    assert person.national_code not in response["Location"]


def test_a_malformed_national_code_is_explained(world, client_for) -> None:
    response = client_for("zanjan_officer").post(
        reverse("registry:person_find"), {"national_code": "1234567890"}
    )
    assert response.status_code == 400
    assert 'href="#id_national_code"' in response.content.decode()


def test_national_codes_never_appear_in_a_url_the_pages_generate(
    world, score_factors, counter, client_for
) -> None:
    manager = world.zanjan_manager
    household = register_household(manager, world.unit("C1901"))
    son = add_member(manager, household)
    file = open_file(manager, household, "approved")
    codes = {household.head.national_code, son.national_code}
    client = client_for("zanjan_manager")
    find = client.post(reverse("registry:person_find"), {"national_code": son.national_code})
    pages = [
        reverse("registry:households"),
        reverse("registry:household_register"),
        reverse("registry:person_find"),
        reverse("registry:household_detail", args=[household.pk]),
        reverse("registry:member_add", args=[household.pk]),
        reverse("registry:file_open", args=[household.pk]),
        reverse("registry:person_detail", args=[son.pk]),
        reverse("registry:person_detail", args=[household.head_id]),
        reverse("registry:files"),
        reverse("registry:file_detail", args=[file.file_number]),
        reverse("registry:waiting_list"),
    ]
    urls = [find["Location"]]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        urls.extend(URL_ATTRIBUTE.findall(response.content.decode()))
    assert len(urls) > 50
    leaks = [url for url in urls for code in codes if code in url or code[-6:] in url]
    assert leaks == []


def test_lists_show_masked_national_codes_only(world, zanjan_household, client_for) -> None:
    head = zanjan_household.head
    page = client_for("zanjan_officer").get(reverse("registry:households")).content.decode()
    assert head.national_code not in page
    masked = mask_national_code(head.national_code)
    assert masked.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in page


# ---------------------------------------------------------------- the file page


def test_the_file_page_shows_the_score_breakdown_and_its_total(world, client_for) -> None:
    from chatr.registry.demo import seed_score_factors

    seed_score_factors()
    manager = world.zanjan_manager
    mother = register_person(manager, sex=Sex.FEMALE)
    household = register_household(manager, world.unit("C1901"), head=mother, income_decile=3)
    file = open_file(manager, household, "waiting")
    assert file.score == Decimal(45)  # 2 deciles below the 5th × 10, plus 25 female-headed

    response = client_for("zanjan_officer").get(
        reverse("registry:file_detail", args=[file.file_number])
    )
    page = response.content.decode()
    assert 'id="score-heading"' in page
    assert "خانوار زن سرپرست" in page  # the factor's Persian name, set by HQ
    for points in ("۲۰٫۰۰", "۲۵٫۰۰", "۴۵٫۰۰"):
        assert points in page


def test_only_approvers_get_the_commission_and_activation_forms(
    world, zanjan_household, client_for
) -> None:
    file = open_file(world.zanjan_manager, zanjan_household, "waiting")
    url = reverse("registry:file_detail", args=[file.file_number])
    officer_page = client_for("zanjan_officer").get(url).content.decode()
    manager_page = client_for("zanjan_manager").get(url).content.decode()
    decide = reverse("registry:file_decide", args=[file.file_number])
    assert decide not in officer_page
    assert decide in manager_page
    assert client_for("zanjan_officer").post(decide, {}).status_code == 403


def test_a_file_goes_through_its_stages_from_its_page(
    world, zanjan_household, counter, client_for
) -> None:
    client = client_for("zanjan_manager")
    file = open_file(world.zanjan_manager, zanjan_household)
    number = file.file_number

    assert client.post(reverse("registry:file_queue", args=[number])).status_code == 302
    decided = client.post(
        reverse("registry:file_decide", args=[number]),
        {
            "decision-decided_on": "1405/07/15",
            "decision-members": "دکتر سمیعی\nخانم کاظمی",
            "decision-approved": "yes",
        },
    )
    assert decided.status_code == 302
    file.refresh_from_db()
    assert file.state == FileState.APPROVED
    assert file.decisions.get().decided_on == date(2026, 10, 7)

    page = client.get(reverse("registry:file_detail", args=[number])).content.decode()
    assert world.zanjan_social_worker.full_name in page
    assert counter.name_fa in page
    # Each social worker is offered with their caseload: none of the 200 places taken yet.
    assert re.search(rf"{world.zanjan_social_worker.full_name} \(۰\D+۲۰۰", page)

    activated = client.post(
        reverse("registry:file_activate", args=[number]),
        {"activate-counter": counter.pk, "activate-social_worker": world.zanjan_social_worker.pk},
    )
    assert activated.status_code == 302
    file.refresh_from_db()
    assert (file.state, file.social_worker) == (FileState.ACTIVE, world.zanjan_social_worker)

    closed = client.post(reverse("registry:file_close", args=[number]), {"close-reason": "moved"})
    assert closed.status_code == 302
    file.refresh_from_db()
    assert (file.state, file.close_reason) == (FileState.CLOSED, "moved")


def test_an_illegal_move_from_the_page_answers_409_with_the_reason(
    world, zanjan_household, client_for
) -> None:
    file = open_file(world.zanjan_manager, zanjan_household)  # still an applicant
    response = client_for("zanjan_manager").post(
        reverse("registry:file_decide", args=[file.file_number]),
        {
            "decision-decided_on": "1405/07/15",
            "decision-members": "دکتر سمیعی",
            "decision-approved": "yes",
        },
    )
    assert response.status_code == 409
    assert "error-summary" in response.content.decode()
    file.refresh_from_db()
    assert file.state == FileState.APPLICANT
    assert not file.decisions.exists()


def test_a_full_caseload_is_explained_on_the_activation_form(
    world, score_factors, counter, client_for, settings
) -> None:
    settings.REGISTRY_CASELOAD_PER_SOCIAL_WORKER = 1
    manager = world.zanjan_manager
    worker = world.zanjan_social_worker
    open_file(
        manager,
        register_household(manager, world.unit("C1901")),
        "active",
        counter=counter,
        social_worker=worker,
    )
    file = open_file(manager, register_household(manager, world.unit("C1901")), "approved")
    response = client_for("zanjan_manager").post(
        reverse("registry:file_activate", args=[file.file_number]),
        {"activate-counter": counter.pk, "activate-social_worker": worker.pk},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_activate-social_worker"' in page
    file.refresh_from_db()
    assert file.state == FileState.APPROVED


# ---------------------------------------------------------------- lists


def test_the_waiting_list_is_ranked_by_score(world, score_factors, client_for) -> None:
    manager = world.zanjan_manager
    low = open_file(manager, register_household(manager, world.unit("C1901")), "waiting")
    poor = register_household(manager, world.unit("C1902"), income_decile=1)
    high = open_file(manager, poor, "waiting")
    open_file(manager, register_household(manager, world.unit("C1901")))  # an applicant
    page = client_for("zanjan_officer").get(reverse("registry:waiting_list")).content.decode()
    assert page.index(high.file_number) < page.index(low.file_number)
    only_c1901 = client_for("zanjan_officer").get(
        reverse("registry:waiting_list"), {"county": "C1901"}
    )
    assert high.file_number not in only_c1901.content.decode()
    assert low.file_number in only_c1901.content.decode()


@pytest.mark.parametrize(
    "url_name", ["registry:households", "registry:files", "registry:waiting_list"]
)
def test_list_pages_read_a_fixed_number_of_queries(
    world, score_factors, client_for, url_name
) -> None:
    client = client_for("zanjan_officer")
    manager = world.zanjan_manager

    def add(n: int) -> None:
        for _i in range(n):
            household = register_household(manager, world.unit("C1901"))
            add_member(manager, household)
            open_file(manager, household, "waiting")

    add(1)
    client.get(reverse(url_name))  # warm the session and the content types
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(url_name)).status_code == 200
    add(4)
    with CaptureQueriesContext(connection) as five:
        assert client.get(reverse(url_name)).status_code == 200
    assert len(five) == len(one)


def test_the_workspace_lists_the_registry_tools(world, client_for) -> None:
    page = client_for("zanjan_officer").get(reverse("accounts:landing")).content.decode()
    assert reverse("registry:person_find") in page
    assert reverse("registry:household_register") in page
    operator = client_for("kerman_center_operator").get(reverse("accounts:landing"))
    assert reverse("registry:person_find") not in operator.content.decode()
