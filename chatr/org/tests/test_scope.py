"""Scope: built once from memberships; the one filter for scoped records."""

from __future__ import annotations

import pytest

from chatr.audit.models import AuditEvent
from chatr.audit.services import audit_record
from chatr.core.errors import NotFoundError, PermissionDeniedError
from chatr.org.models import OrgUnit
from chatr.org.permissions import require
from chatr.org.roles import Perm, Role
from chatr.org.scope import Grant, Scope, scope_for_user
from chatr.org.services import membership_grant

pytestmark = pytest.mark.django_db


def _event_in(world, code: str) -> AuditEvent:
    return audit_record(actor=None, action="update", target=world.unit(code))


def test_scope_is_built_from_memberships_in_one_query(world, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        scope = scope_for_user(world.zanjan_officer)
    assert scope.roles() == {Role.PROVINCE_OFFICER}
    assert scope.covers(world.unit("C1901"))
    assert not scope.covers(world.unit("C0801"))


def test_visitors_and_citizens_have_an_empty_scope(world) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not scope_for_user(AnonymousUser()).is_staff
    assert not scope_for_user(world.citizen).is_staff
    assert AuditEvent.objects.visible_to(scope_for_user(world.citizen)).count() == 0


def test_hq_sees_every_province_and_a_province_only_its_own(world) -> None:
    kerman, zanjan, hq = (
        _event_in(world, "K0801"),
        _event_in(world, "C1901"),
        _event_in(world, "HQ"),
    )
    hq_scope = scope_for_user(world.hq_manager)
    assert set(AuditEvent.objects.visible_to(hq_scope)) >= {kerman, zanjan, hq}
    zanjan_scope = scope_for_user(world.zanjan_manager)
    assert set(AuditEvent.objects.visible_to(zanjan_scope)) == {zanjan}


def test_a_county_grant_sees_its_county_and_centers_but_not_the_province(world) -> None:
    county_event, province_event = _event_in(world, "C1901"), _event_in(world, "P19")
    counter_event, other_county = _event_in(world, "Z1901"), _event_in(world, "C1902")
    scope = scope_for_user(world.zanjan_inspector)
    assert set(AuditEvent.objects.visible_to(scope)) == {county_event, counter_event}
    assert province_event not in AuditEvent.objects.visible_to(scope)
    assert other_county not in AuditEvent.objects.visible_to(scope)


def test_a_center_operator_sees_only_their_center(world) -> None:
    mine, county = _event_in(world, "K0801"), _event_in(world, "C0801")
    scope = scope_for_user(world.kerman_center_operator)
    assert list(AuditEvent.objects.visible_to(scope)) == [mine]
    assert county not in AuditEvent.objects.visible_to(scope)


def test_visible_to_with_a_permission_uses_only_grants_that_give_it(world) -> None:
    kerman, zanjan = _event_in(world, "K0801"), _event_in(world, "C1901")
    # Officer in Zanjan (no audit role) and manager in Kerman (audit role).
    membership_grant(
        user=world.kerman_manager, role=Role.PROVINCE_OFFICER, org_unit=world.unit("P19")
    )
    scope = scope_for_user(world.kerman_manager)
    assert set(AuditEvent.objects.visible_to(scope)) == {kerman, zanjan}
    assert set(AuditEvent.objects.visible_to(scope, Perm.AUDIT_VIEW)) == {kerman}


def test_in_memory_check_agrees_with_the_query(world) -> None:
    events = [
        _event_in(world, code) for code in ("HQ", "P08", "C0801", "K0801", "P19", "C1901", "Z1901")
    ]
    for username in (
        "hq_manager",
        "kerman_manager",
        "zanjan_inspector",
        "kerman_center_operator",
        "zanjan_officer",
    ):
        scope = scope_for_user(world.users[username])
        visible = set(AuditEvent.objects.visible_to(scope))
        assert {e for e in events if scope.covers_record(e)} == visible & set(events), username


def test_nested_grants_do_not_widen_the_filter() -> None:
    scope = Scope(
        user_id=1,
        grants=(
            Grant(role=Role.PROVINCE_MANAGER, unit_id=2, unit_kind="province", unit_path="a/b/"),
            Grant(role=Role.PROVINCE_OFFICER, unit_id=3, unit_kind="county", unit_path="a/b/c/"),
        ),
    )
    assert str(scope.stamp_q()) == str(scope.stamp_q(Perm.AUDIT_VIEW))


def test_require_says_404_out_of_scope_and_403_in_scope_without_the_permission(world) -> None:
    kerman_event = _event_in(world, "K0801")
    zanjan_event = _event_in(world, "C1901")
    officer = scope_for_user(world.zanjan_officer)
    with pytest.raises(NotFoundError):
        require(officer, Perm.AUDIT_VIEW, kerman_event)
    with pytest.raises(PermissionDeniedError):
        require(officer, Perm.AUDIT_VIEW, zanjan_event)
    require(scope_for_user(world.zanjan_manager), Perm.AUDIT_VIEW, zanjan_event)
    with pytest.raises(PermissionDeniedError):
        require(officer, Perm.AUDIT_VIEW)


def test_inactive_units_grant_nothing(world) -> None:
    OrgUnit.objects.filter(code="P19").update(is_active=False)
    assert not scope_for_user(world.zanjan_officer).is_staff


def test_hq_filter_stays_all_matching_when_combined_with_or(world) -> None:
    # An empty Q() disappears when OR-ed; HQ's "everything" must not.
    from django.db.models import Q

    events = [_event_in(world, "K0801"), _event_in(world, "C1901")]
    hq = scope_for_user(world.hq_manager)
    combined = AuditEvent.objects.filter(Q(action="never") | hq.stamp_q())
    assert set(events) <= set(combined)
