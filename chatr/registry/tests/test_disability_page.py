"""Disabilities on the person page: staff who may edit the person's household record the
specialist commission's decisions there; anyone who may read the person sees them, and every
read of them is audited."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation

from chatr.audit.models import AuditAction, AuditEvent
from chatr.core.errors import ApplicationError, PermissionDeniedError
from chatr.core.jalali import format_date, to_jalali
from chatr.org.roles import ROLE_PERMISSIONS, Perm, Role
from chatr.org.scope import scope_for_user
from chatr.registry import services
from chatr.registry.choices import DisabilityType, Severity
from chatr.registry.models import Disability, Person
from chatr.registry.tests.factories import add_member

pytestmark = pytest.mark.django_db


def fa(message: Any) -> str:
    """A msgid (or a lazy message) as the Persian page shows it."""
    with translation.override("fa"):
        return translation.gettext(message) if isinstance(message, str) else str(message)


def _typed(day: date) -> str:
    jalali = to_jalali(day)
    return f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}"


def _decision(day: date, **overrides: str) -> dict[str, str]:
    data = {
        "disability-disability_type": DisabilityType.PHYSICAL_MOTOR,
        "disability-severity": Severity.SEVERE,
        "disability-decided_on": _typed(day),
        "disability-commission_reference": "ک-۱۲۳۴",
    }
    data.update(overrides)
    return data


def _page_url(person: Person) -> str:
    return reverse("registry:person_detail", args=[person.pk])


def _post_url(person: Person) -> str:
    return reverse("registry:person_disability_add", args=[person.pk])


def _views_of(person: Person) -> int:
    return AuditEvent.objects.filter(
        action=AuditAction.VIEW,
        target_type=ContentType.objects.get_for_model(Person),
        target_id=str(person.pk),
    ).count()


@pytest.fixture
def reader(world: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """Zanjan's inspector, given the right to read the registry but not to edit it (no role
    in the world reads the registry without editing it)."""
    monkeypatch.setitem(
        ROLE_PERMISSIONS,
        Role.INSPECTOR,
        ROLE_PERMISSIONS[Role.INSPECTOR] | {Perm.REGISTRY_VIEW},
    )
    return "zanjan_inspector"


# ---------------------------------------------------------------- recording


def test_recording_a_decision_updates_the_households_facts_and_is_audited(
    world, zanjan_household, client_for
) -> None:
    son = add_member(world.zanjan_officer, zanjan_household)
    decided = timezone.localdate() - timedelta(days=10)
    client = client_for("zanjan_officer")

    response = client.post(_post_url(son), _decision(decided))

    assert response.status_code == 302
    assert response["Location"] == _page_url(son)
    disability = Disability.objects.get(person=son)
    assert (disability.type, disability.severity, disability.decided_on) == (
        DisabilityType.PHYSICAL_MOTOR,
        Severity.SEVERE,
        decided,
    )
    assert disability.commission_reference == "ک1234"  # normalized as identifiers are
    zanjan_household.refresh_from_db()
    assert zanjan_household.most_severe_disability == Severity.SEVERE
    event = AuditEvent.objects.get(
        action=AuditAction.CREATE,
        target_type=ContentType.objects.get_for_model(Disability),
        target_id=str(disability.pk),
    )
    assert event.actor == world.zanjan_officer
    assert event.org_unit == world.unit("C1901")
    assert event.channel == "web"
    # The decision is health data: the audit trail names the record, not its type or severity.
    assert event.changes == {"decided_on": decided.isoformat()}

    page = client.get(_page_url(son)).content.decode()
    assert fa("Saved.") in page
    assert fa(Severity.SEVERE.label) in page
    assert format_date(decided, language="fa") in page


def test_a_milder_decision_keeps_the_households_most_severe_one(
    world, zanjan_household, client_for
) -> None:
    son = add_member(world.zanjan_officer, zanjan_household)
    client = client_for("zanjan_officer")
    earlier = timezone.localdate() - timedelta(days=40)
    client.post(_post_url(son), _decision(earlier, **{"disability-severity": Severity.VERY_SEVERE}))
    response = client.post(
        _post_url(zanjan_household.head),
        _decision(earlier, **{"disability-severity": Severity.MILD}),
    )
    assert response.status_code == 302
    zanjan_household.refresh_from_db()
    assert zanjan_household.most_severe_disability == Severity.VERY_SEVERE


def test_the_page_lists_decisions_newest_first_with_jalali_dates(
    world, zanjan_household, client_for
) -> None:
    person = zanjan_household.head
    scope = scope_for_user(world.zanjan_officer)
    for kind, severity, day, reference in [
        (DisabilityType.VISUAL, Severity.MILD, date(2019, 5, 1), ""),
        (DisabilityType.HEARING, Severity.MODERATE, date(2024, 2, 3), "C-77"),
    ]:
        services.person_disability_record(
            actor=world.zanjan_officer,
            scope=scope,
            person=person,
            disability_type=kind,
            severity=severity,
            decided_on=day,
            commission_reference=reference,
        )

    page = client_for("zanjan_officer").get(_page_url(person)).content.decode()

    rows = re.findall(
        r"<tr><td>.*?</tr>", page.split("data-disabilities", 1)[1].split("</table>")[0]
    )
    assert len(rows) == 2
    assert fa(DisabilityType.HEARING.label) in rows[0]
    assert format_date(date(2024, 2, 3), language="fa") in rows[0]
    assert "C۷۷" in rows[0]
    assert fa(DisabilityType.VISUAL.label) in rows[1]
    assert format_date(date(2019, 5, 1), language="fa") in rows[1]


# ---------------------------------------------------------------- refusals


def test_a_future_decision_date_is_refused_and_nothing_typed_is_lost(
    world, zanjan_household, client_for
) -> None:
    person = zanjan_household.head
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = _decision(
        tomorrow,
        **{
            "disability-disability_type": DisabilityType.AUTISM,
            "disability-severity": Severity.MODERATE,
            "disability-commission_reference": "KM-12/34",
        },
    )

    response = client_for("zanjan_officer").post(_post_url(person), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "data-error-summary" in page
    assert 'href="#id_disability-decided_on"' in page
    assert fa("The commission's decision date cannot be in the future.") in html.unescape(page)
    assert f'value="{data["disability-decided_on"]}"' in page
    assert 'value="KM-12/34"' in page
    assert re.search(r'value="autism"\s+selected', page)
    assert re.search(r'type="radio" name="disability-severity" value="moderate"[^>]*checked', page)
    assert not Disability.objects.exists()
    # The refused form is shown on the person page again: that read is audited too.
    assert _views_of(person) == 1


def test_an_empty_form_is_refused_with_every_field_named(
    world, zanjan_household, client_for
) -> None:
    response = client_for("zanjan_officer").post(
        _post_url(zanjan_household.head),
        {"disability-disability_type": "", "disability-decided_on": "1400/13/40"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    for name in ("disability_type", "severity", "decided_on"):
        assert f'href="#id_disability-{name}' in page, name
    assert 'href="#id_disability-commission_reference"' not in page
    assert not Disability.objects.exists()


def test_a_decision_after_the_persons_death_is_refused(world, zanjan_household) -> None:
    person = zanjan_household.head
    person.death_date = timezone.localdate() - timedelta(days=30)
    person.save(update_fields=["death_date"])
    with pytest.raises(ApplicationError) as refused:
        services.person_disability_record(
            actor=world.zanjan_officer,
            scope=scope_for_user(world.zanjan_officer),
            person=person,
            disability_type=DisabilityType.VISUAL,
            severity=Severity.MILD,
            decided_on=timezone.localdate() - timedelta(days=1),
        )
    assert refused.value.code == "decision_after_death"
    assert set(refused.value.fields) == {"decided_on"}
    fa_message, en_message = refused.value.message_fa, refused.value.message_en
    assert en_message == "The person had died before this decision date."
    assert fa_message
    assert not Disability.objects.exists()


def test_a_decision_before_the_persons_birth_is_refused(
    world, zanjan_household, client_for
) -> None:
    person = zanjan_household.head
    response = client_for("zanjan_officer").post(
        _post_url(person), _decision(person.birth_date - timedelta(days=1))
    )
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert fa("The decision date is before the person's birth date.") in page
    assert not Disability.objects.exists()


def test_a_kerman_officer_cannot_see_or_record_a_zanjan_persons_disability(
    world, zanjan_household, client_for
) -> None:
    person = zanjan_household.head
    client = client_for("kerman_manager")
    assert client.get(_page_url(person)).status_code == 404
    assert client.post(_post_url(person), _decision(date(2025, 1, 1))).status_code == 404
    assert not Disability.objects.exists()
    with pytest.raises(ApplicationError) as refused:
        services.person_disability_record(
            actor=world.kerman_manager,
            scope=scope_for_user(world.kerman_manager),
            person=person,
            disability_type=DisabilityType.VISUAL,
            severity=Severity.MILD,
            decided_on=date(2025, 1, 1),
        )
    assert refused.value.status == 404


def test_a_reader_without_edit_rights_sees_the_list_but_cannot_record(
    world, zanjan_household, client_for, reader
) -> None:
    person = zanjan_household.head
    services.disability_record(
        actor=None,
        person=person,
        disability_type=DisabilityType.HEARING,
        severity=Severity.MODERATE,
        decided_on=date(2024, 2, 3),
    )
    client = client_for(reader)

    response = client.get(_page_url(person))

    assert response.status_code == 200
    page = response.content.decode()
    assert fa(DisabilityType.HEARING.label) in page
    assert _post_url(person) not in page
    assert 'name="disability-severity"' not in page
    assert client.post(_post_url(person), _decision(date(2025, 1, 1))).status_code == 403
    assert Disability.objects.count() == 1
    with pytest.raises(PermissionDeniedError):
        services.person_disability_record(
            actor=world.zanjan_inspector,
            scope=scope_for_user(world.zanjan_inspector),
            person=person,
            disability_type=DisabilityType.VISUAL,
            severity=Severity.MILD,
            decided_on=date(2025, 1, 1),
        )


def test_the_form_is_offered_only_where_the_person_lives_now(
    world, zanjan_household, kerman_household, client_for
) -> None:
    """A person who moved to Kerman keeps their Zanjan history (Zanjan may still read them)
    but their disabilities are now recorded in Kerman, where the household's facts live."""
    son = add_member(world.zanjan_manager, zanjan_household)
    services.household_member_move(
        actor=world.hq_manager,
        scope=scope_for_user(world.hq_manager),
        person=son,
        to=kerman_household,
        relationship="other",
        on=timezone.localdate(),
    )
    zanjan = client_for("zanjan_officer")
    page = zanjan.get(_page_url(son))
    assert page.status_code == 200
    assert _post_url(son) not in page.content.decode()
    assert zanjan.post(_post_url(son), _decision(date(2025, 1, 1))).status_code == 404
    kerman = client_for("kerman_manager")
    assert _post_url(son) in kerman.get(_page_url(son)).content.decode()
    assert kerman.post(_post_url(son), _decision(date(2025, 1, 1))).status_code == 302
    kerman_household.refresh_from_db()
    zanjan_household.refresh_from_db()
    assert kerman_household.most_severe_disability == Severity.SEVERE
    assert zanjan_household.most_severe_disability == ""


def test_the_action_takes_only_posts(world, zanjan_household, client_for) -> None:
    response = client_for("zanjan_officer").get(_post_url(zanjan_household.head))
    assert response.status_code == 405


# ---------------------------------------------------------------- reads


def test_every_read_of_the_disabilities_is_audited_without_personal_data_in_urls(
    world, zanjan_household, client_for
) -> None:
    person = zanjan_household.head
    client = client_for("zanjan_officer")
    client.get(_page_url(person))
    client.get(_page_url(person))
    assert _views_of(person) == 2
    assert re.fullmatch(r"/registry/people/\d+/disabilities/new/", _post_url(person))
    page = client.get(_page_url(person)).content.decode()
    actions = re.findall(r'action="([^"]*)"', page)
    assert _post_url(person) in actions
    assert all(person.national_code not in action for action in actions)


def test_the_person_page_reads_a_fixed_number_of_queries(
    world, zanjan_household, client_for, django_assert_num_queries
) -> None:
    person = zanjan_household.head
    client = client_for("zanjan_officer")
    client.get(_page_url(person))  # warm the session and the content types

    def record(n: int) -> None:
        for i in range(n):
            services.disability_record(
                actor=None,
                person=person,
                disability_type=DisabilityType.VISUAL,
                severity=Severity.MILD,
                decided_on=date(2020, 1, 1) + timedelta(days=i),
            )

    record(1)
    with django_assert_num_queries(9):
        assert client.get(_page_url(person)).status_code == 200
    record(4)
    with django_assert_num_queries(9):
        assert client.get(_page_url(person)).status_code == 200
