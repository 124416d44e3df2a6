"""Change requests: filed by staff or by the citizen for their own household, validated per
type, applied only when a supervisor (never the filer) approves, with history and audit."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from chatr.audit.models import AuditAction, AuditEvent
from chatr.cases.models import CaseEvent
from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from chatr.core.sheba import sheba_check_digits
from chatr.org.scope import scope_for_user
from chatr.registry import services
from chatr.registry.choices import ChangeState, ChangeType, FileState, Relationship
from chatr.registry.models import BankAccount, ChangeRequest, HouseholdMember, Person
from chatr.registry.selectors import (
    change_request_queue,
    change_requests_visible,
    citizen_household_view,
    households_visible,
)
from chatr.registry.tests.factories import add_member, national_code, open_file

pytestmark = pytest.mark.django_db

NEW_ADDRESS = {
    "area": "urban",
    "address": "زنجان، خیابان سعدی، پلاک ۴",
    "postal_code": "4513718913",
}


def sheba(account: str = "0170000000123456789012") -> str:
    return f"IR{sheba_check_digits(account)}{account}"


def file_change(actor: Any, household: Any, change_type: str, data: dict[str, Any]) -> Any:
    return services.change_request_file(
        actor=actor,
        scope_or_none=scope_for_user(actor),
        household=household,
        change_type=change_type,
        data=data,
    )


def approve(actor: Any, request: Any, **kwargs: Any) -> Any:
    return services.change_request_approve(
        actor=actor, scope=scope_for_user(actor), request=request, **kwargs
    )


@pytest.fixture
def citizen_household(world, zanjan_household) -> Any:
    """The demo citizen is the head of the Zanjan household (their mobile is recorded)."""
    head = zanjan_household.head
    head.mobile = world.citizen.mobile
    head.save(update_fields=["mobile"])
    return zanjan_household


# ---------------------------------------------------------------- filing and validation


def test_an_officer_files_an_address_change_and_nothing_changes_yet(
    world, zanjan_household
) -> None:
    old_address = zanjan_household.address
    request = file_change(world.zanjan_officer, zanjan_household, ChangeType.ADDRESS, NEW_ADDRESS)
    zanjan_household.refresh_from_db()
    assert zanjan_household.address == old_address
    assert request.case.state == ChangeState.SUBMITTED
    assert request.case.kind == "registry.change"
    assert request.org_unit == zanjan_household.org_unit
    assert request.channel == "counter"
    assert request.data["postal_code"] == "4513718913"
    assert CaseEvent.objects.filter(case=request.case, kind="filed").exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, target_id=str(request.pk), changes__change_type="address"
    ).exists()


@pytest.mark.parametrize(
    ("change_type", "data", "field"),
    [
        (ChangeType.ADDRESS, {"area": "urban", "address": "", "postal_code": ""}, "address"),
        (ChangeType.ADDRESS, {**NEW_ADDRESS, "postal_code": "12345"}, "postal_code"),
        (ChangeType.ADDRESS, {**NEW_ADDRESS, "area": "sea"}, "area"),
        (ChangeType.MEMBER_JOIN, {"relationship": "child"}, "national_code"),
        (ChangeType.MEMBER_JOIN, {"relationship": "head", "national_code": "x"}, "relationship"),
        (
            ChangeType.MEMBER_JOIN,
            {"relationship": "child", "national_code": "1234567890"},
            "national_code",
        ),
        (ChangeType.MEMBER_LEAVE, {"person": 999999}, "person"),
        (ChangeType.DEATH, {"person": None, "died_on": "2025-01-01"}, "person"),
        (ChangeType.BANK_ACCOUNT, {"sheba": "IR12"}, "person"),
        ("nothing", {}, "change_type"),
    ],
)
def test_each_type_is_validated_with_a_field_message(
    world, zanjan_household, change_type, data, field
) -> None:
    with pytest.raises(ApplicationError) as refused:
        file_change(world.zanjan_officer, zanjan_household, change_type, data)
    assert field in refused.value.fields
    assert refused.value.message_fa and refused.value.message_en
    assert not ChangeRequest.objects.exists()


def test_a_new_member_needs_a_name_birth_date_and_sex(world, zanjan_household) -> None:
    with pytest.raises(ApplicationError) as refused:
        file_change(
            world.zanjan_officer,
            zanjan_household,
            ChangeType.MEMBER_JOIN,
            {"relationship": "child", "national_code": national_code()},
        )
    assert {"first_name", "last_name", "birth_date", "sex"} <= set(refused.value.fields)


def test_a_bad_sheba_and_a_future_death_are_refused(world, zanjan_household) -> None:
    head = zanjan_household.head
    with pytest.raises(ApplicationError) as bad_sheba:
        file_change(
            world.zanjan_officer,
            zanjan_household,
            ChangeType.BANK_ACCOUNT,
            {"person": head.pk, "sheba": sheba()[:-1] + "0"},
        )
    assert "sheba" in bad_sheba.value.fields
    with pytest.raises(ApplicationError) as future:
        file_change(
            world.zanjan_officer,
            zanjan_household,
            ChangeType.DEATH,
            {"person": head.pk, "died_on": timezone.localdate() + timedelta(days=1)},
        )
    assert "died_on" in future.value.fields


def test_the_head_cannot_be_filed_as_leaving(world, zanjan_household) -> None:
    with pytest.raises(ApplicationError) as refused:
        file_change(
            world.zanjan_officer,
            zanjan_household,
            ChangeType.MEMBER_LEAVE,
            {"person": zanjan_household.head_id},
        )
    assert refused.value.code == "head_cannot_leave"


def test_the_same_address_is_not_a_change(world, zanjan_household) -> None:
    with pytest.raises(ApplicationError) as refused:
        file_change(
            world.zanjan_officer,
            zanjan_household,
            ChangeType.ADDRESS,
            {"area": zanjan_household.area, "address": zanjan_household.address},
        )
    assert refused.value.code == "address_unchanged"


# ---------------------------------------------------------------- approval applies the change


def test_approving_an_address_change_applies_it_and_keeps_the_old_one_in_the_audit(
    world, zanjan_household
) -> None:
    old = zanjan_household.address
    request = file_change(world.zanjan_officer, zanjan_household, ChangeType.ADDRESS, NEW_ADDRESS)
    approved = approve(world.zanjan_manager, request)
    zanjan_household.refresh_from_db()
    assert zanjan_household.address == NEW_ADDRESS["address"]
    assert zanjan_household.postal_code == "4513718913"
    assert approved.case.state == ChangeState.APPROVED
    assert approved.decided_by == world.zanjan_manager
    assert approved.decided_at is not None
    change = AuditEvent.objects.get(
        action=AuditAction.UPDATE, target_id=str(zanjan_household.pk), changes__has_key="address"
    )
    assert change.changes["address"] == [old, NEW_ADDRESS["address"]]
    assert AuditEvent.objects.filter(
        action=AuditAction.STATE,
        target_id=str(request.pk),
        changes__state=["submitted", "approved"],
    ).exists()
    states = list(
        CaseEvent.objects.filter(case=request.case).values_list("kind", "to_state", "is_public")
    )
    assert states == [("filed", "submitted", True), ("state", "approved", True)]


def test_re_approving_an_applied_request_is_refused_as_an_illegal_move(
    world, zanjan_household
) -> None:
    request = file_change(world.zanjan_officer, zanjan_household, ChangeType.ADDRESS, NEW_ADDRESS)
    approve(world.zanjan_manager, request)
    with pytest.raises(ApplicationError) as refused:
        approve(world.zanjan_manager, request)
    assert refused.value.code == "illegal_transition"
    assert refused.value.status == 409
    with pytest.raises(ApplicationError):
        services.change_request_reject(
            actor=world.zanjan_manager,
            scope=scope_for_user(world.zanjan_manager),
            request=request,
            reason="late",
        )
    with pytest.raises(ApplicationError):
        services.change_request_withdraw(actor=world.zanjan_officer, request=request)


def test_the_filer_never_approves_their_own_request(world, zanjan_household) -> None:
    request = file_change(world.zanjan_manager, zanjan_household, ChangeType.ADDRESS, NEW_ADDRESS)
    with pytest.raises(ApplicationError) as refused:
        approve(world.zanjan_manager, request)
    assert refused.value.code == "own_change_request"
    request.refresh_from_db()
    assert request.case.state == ChangeState.SUBMITTED


def test_an_officer_without_approval_rights_cannot_approve(world, zanjan_household) -> None:
    request = file_change(world.zanjan_manager, zanjan_household, ChangeType.ADDRESS, NEW_ADDRESS)
    with pytest.raises(PermissionDeniedError):
        approve(world.zanjan_officer, request)


def test_a_member_leaving_keeps_the_membership_in_the_history(world, zanjan_household) -> None:
    child = add_member(world.zanjan_manager, zanjan_household)
    request = file_change(
        world.zanjan_officer,
        zanjan_household,
        ChangeType.MEMBER_LEAVE,
        {"person": child.pk, "left_on": timezone.localdate()},
    )
    approve(world.zanjan_manager, request)
    membership = HouseholdMember.objects.get(person=child)
    assert membership.left_on == timezone.localdate()
    assert membership.household == zanjan_household


def test_a_new_member_joins_on_approval_and_is_registered_then(world, zanjan_household) -> None:
    code = national_code()
    request = file_change(
        world.zanjan_officer,
        zanjan_household,
        ChangeType.MEMBER_JOIN,
        {
            "relationship": "child",
            "national_code": code,
            "first_name": "سارا",
            "last_name": "نوری",
            "birth_date": "2020-05-01",
            "sex": "female",
        },
    )
    assert not Person.objects.filter(national_code=code).exists()
    approve(world.zanjan_manager, request, duplicates_confirmed=True)
    person = Person.objects.get(national_code=code)
    request.refresh_from_db()
    assert request.person == person
    assert HouseholdMember.objects.get(person=person).household == zanjan_household
    # The national code stays on the request only: never in the audit trail.
    assert not AuditEvent.objects.filter(changes__icontains=code).exists()


def test_a_registered_person_from_another_household_moves_in_on_approval(
    world, zanjan_household
) -> None:
    from chatr.registry.tests.factories import register_household

    other = register_household(world.zanjan_manager, world.unit("C1901"))
    mover = add_member(world.zanjan_manager, other)
    request = file_change(
        world.zanjan_officer,
        zanjan_household,
        ChangeType.MEMBER_JOIN,
        {"relationship": "other", "national_code": mover.national_code},
    )
    assert request.person == mover
    assert "national_code" not in request.data
    approve(world.zanjan_manager, request)
    rows = list(HouseholdMember.objects.filter(person=mover).order_by("pk"))
    assert [(m.household_id, m.left_on is None) for m in rows] == [
        (other.pk, False),
        (zanjan_household.pk, True),
    ]


def test_a_death_closes_the_clients_open_files_with_reason_died(world, zanjan_household) -> None:
    file = open_file(world.zanjan_manager, zanjan_household, "waiting")
    request = file_change(
        world.zanjan_officer,
        zanjan_household,
        ChangeType.DEATH,
        {"person": zanjan_household.head_id, "died_on": date(2026, 2, 1)},
    )
    approve(world.zanjan_manager, request)
    file.refresh_from_db()
    head = Person.objects.get(pk=zanjan_household.head_id)
    assert head.death_date == date(2026, 2, 1)
    assert (file.state, file.close_reason) == (FileState.CLOSED, "died")


def test_a_dead_members_membership_ends_on_the_day_of_death(world, zanjan_household) -> None:
    child = add_member(world.zanjan_manager, zanjan_household, Relationship.CHILD)
    request = file_change(
        world.zanjan_officer,
        zanjan_household,
        ChangeType.DEATH,
        {"person": child.pk, "died_on": timezone.localdate().isoformat()},
    )
    approve(world.zanjan_manager, request)
    assert HouseholdMember.objects.get(person=child).left_on == timezone.localdate()


def test_a_bank_account_change_keeps_the_old_account_and_masks_the_sheba(
    world, zanjan_household
) -> None:
    head = zanjan_household.head
    first = services.bank_account_set(actor=world.zanjan_manager, person=head, sheba=sheba())
    new = sheba("0170000000999999999999")
    request = file_change(
        world.zanjan_officer,
        zanjan_household,
        ChangeType.BANK_ACCOUNT,
        {"person": head.pk, "sheba": new, "holder_name": "علی"},
    )
    approve(world.zanjan_manager, request)
    accounts = list(BankAccount.objects.filter(person=head).order_by("pk"))
    assert [a.sheba for a in accounts] == [first.sheba, new]
    assert accounts[0].ended_on is not None and accounts[1].ended_on is None
    assert not AuditEvent.objects.filter(changes__icontains=new).exists()


def test_a_failing_application_leaves_the_request_open(world, zanjan_household) -> None:
    child = add_member(world.zanjan_manager, zanjan_household)
    request = file_change(
        world.zanjan_officer, zanjan_household, ChangeType.MEMBER_LEAVE, {"person": child.pk}
    )
    # Meanwhile the child left by another way.
    services.household_member_leave(
        actor=world.zanjan_manager,
        scope=scope_for_user(world.zanjan_manager),
        household=zanjan_household,
        person=child,
    )
    with pytest.raises(ApplicationError) as refused:
        approve(world.zanjan_manager, request)
    assert refused.value.code == "not_a_member"
    request.refresh_from_db()
    assert request.case.state == ChangeState.SUBMITTED


# ---------------------------------------------------------------- review, rejection, withdrawal


def test_review_then_reject_with_a_reason_the_person_sees(world, zanjan_household) -> None:
    request = file_change(world.zanjan_officer, zanjan_household, ChangeType.ADDRESS, NEW_ADDRESS)
    scope = scope_for_user(world.zanjan_manager)
    services.change_request_review(actor=world.zanjan_manager, scope=scope, request=request)
    with pytest.raises(ApplicationError) as no_reason:
        services.change_request_reject(
            actor=world.zanjan_manager, scope=scope, request=request, reason=" "
        )
    assert "reason" in no_reason.value.fields
    rejected = services.change_request_reject(
        actor=world.zanjan_manager, scope=scope, request=request, reason="سند ارائه نشده است"
    )
    assert rejected.case.state == ChangeState.REJECTED
    assert rejected.reason == "سند ارائه نشده است"
    last = CaseEvent.objects.filter(case=request.case).last()
    assert last is not None and (last.to_state, last.is_public, last.text) == (
        "rejected",
        True,
        "سند ارائه نشده است",
    )
    zanjan_household.refresh_from_db()
    assert zanjan_household.address != NEW_ADDRESS["address"]


def test_only_the_filer_withdraws(world, zanjan_household) -> None:
    request = file_change(world.zanjan_officer, zanjan_household, ChangeType.ADDRESS, NEW_ADDRESS)
    with pytest.raises(NotFoundError):
        services.change_request_withdraw(actor=world.zanjan_manager, request=request)
    withdrawn = services.change_request_withdraw(actor=world.zanjan_officer, request=request)
    assert withdrawn.case.state == ChangeState.WITHDRAWN
    with pytest.raises(ApplicationError) as refused:
        approve(world.zanjan_manager, request)
    assert refused.value.code == "illegal_transition"


# ---------------------------------------------------------------- the citizen


def test_a_citizen_files_for_their_own_household(world, citizen_household) -> None:
    request = services.change_request_file(
        actor=world.citizen,
        scope_or_none=None,
        household=citizen_household,
        change_type=ChangeType.BANK_ACCOUNT,
        data={"person": citizen_household.head_id, "sheba": sheba()},
    )
    assert request.channel == "web"
    assert request.case.requester == world.citizen
    assert request.case.contact_mobile == world.citizen.mobile
    assert request.filed_by == world.citizen
    # The citizen may withdraw it; a supervisor may approve it (they did not file it).
    approve(world.zanjan_manager, request)
    assert BankAccount.objects.get(person=citizen_household.head).sheba == sheba()


def test_a_citizen_cannot_file_for_another_household(world, citizen_household) -> None:
    from chatr.registry.tests.factories import register_household

    other = register_household(world.zanjan_manager, world.unit("C1901"))
    with pytest.raises(NotFoundError):
        services.change_request_file(
            actor=world.citizen,
            scope_or_none=None,
            household=other,
            change_type=ChangeType.ADDRESS,
            data=NEW_ADDRESS,
        )
    assert not ChangeRequest.objects.exists()


def test_a_citizen_unknown_to_the_registry_files_nothing(world, zanjan_household) -> None:
    with pytest.raises(NotFoundError):
        services.change_request_file(
            actor=world.citizen,
            scope_or_none=None,
            household=zanjan_household,
            change_type=ChangeType.ADDRESS,
            data=NEW_ADDRESS,
        )


def test_a_citizen_always_gives_a_joiners_name_so_codes_cannot_be_probed(
    world, citizen_household, kerman_household
) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.change_request_file(
            actor=world.citizen,
            scope_or_none=None,
            household=citizen_household,
            change_type=ChangeType.MEMBER_JOIN,
            data={"relationship": "child", "national_code": kerman_household.head.national_code},
        )
    assert refused.value.code == "new_person_incomplete"


def test_the_citizen_view_shows_their_household_files_and_requests(
    world, citizen_household, counter
) -> None:
    add_member(world.zanjan_manager, citizen_household)
    open_file(
        world.zanjan_manager,
        citizen_household,
        "active",
        counter=counter,
        social_worker=world.zanjan_social_worker,
    )
    file_change(world.zanjan_officer, citizen_household, ChangeType.ADDRESS, NEW_ADDRESS)
    view = citizen_household_view(user=world.citizen)
    assert view.person == citizen_household.head
    assert view.household == citizen_household
    assert len(view.members) == 2 and view.members[0].is_self
    assert [f.state for f in view.files] == ["active"]
    assert view.files[0].social_worker == world.zanjan_social_worker
    assert [r.change_type for r in view.requests] == ["address"]


# ---------------------------------------------------------------- scope


def test_zanjan_staff_never_see_kerman_requests(world, kerman_household) -> None:
    request = file_change(world.kerman_manager, kerman_household, ChangeType.ADDRESS, NEW_ADDRESS)
    for username in ("zanjan_officer", "zanjan_manager", "zanjan_social_worker"):
        scope = scope_for_user(world.users[username])
        assert not change_requests_visible(scope=scope).filter(pk=request.pk).exists()
        assert not change_request_queue(scope=scope).filter(pk=request.pk).exists()
    with pytest.raises(NotFoundError):
        approve(world.zanjan_manager, request)
    with pytest.raises(NotFoundError):
        file_change(world.zanjan_officer, kerman_household, ChangeType.ADDRESS, NEW_ADDRESS)
    assert change_request_queue(scope=scope_for_user(world.hq_manager)).filter(pk=request.pk)


def test_a_social_worker_files_for_the_households_of_their_counters_clients(
    world, zanjan_household, counter
) -> None:
    worker = world.zanjan_social_worker
    with pytest.raises(NotFoundError):
        file_change(worker, zanjan_household, ChangeType.ADDRESS, NEW_ADDRESS)
    open_file(
        world.zanjan_manager, zanjan_household, "active", counter=counter, social_worker=worker
    )
    assert households_visible(scope=scope_for_user(worker)).filter(pk=zanjan_household.pk)
    request = file_change(worker, zanjan_household, ChangeType.ADDRESS, NEW_ADDRESS)
    assert change_requests_visible(scope=scope_for_user(worker)).filter(pk=request.pk)
    approve(world.zanjan_manager, request)
