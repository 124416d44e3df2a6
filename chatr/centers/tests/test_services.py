"""Registering and editing centers, issuing and renewing licences, and the daily expiry."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from chatr.audit.models import AuditAction, AuditEvent
from chatr.centers import services
from chatr.centers.choices import CenterStatus, LicenceKind, LicenceStatus, LicenceType
from chatr.centers.models import Center, Licence
from chatr.centers.tests.factories import center_data, issue_licence, register_center
from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from chatr.org.models import OrgUnitKind
from chatr.org.scope import scope_for_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _refusal(callable_, *args, **kwargs) -> ApplicationError:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError) as refused:
        callable_(*args, **kwargs)
    return refused.value


# ---------------------------------------------------------------- register


def test_registering_creates_the_org_unit_with_the_next_code_of_the_county(world) -> None:
    first = register_center(world.kerman_manager, world.unit("C0801"))
    second = register_center(world.kerman_manager, world.unit("C0801"))
    assert first.org_unit.code == "CT0801001"
    assert second.org_unit.code == "CT0801002"
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, target_id=str(first.pk), org_unit=first.org_unit
    ).exists()


def test_a_positive_life_center_is_a_counter_unit(world) -> None:
    center = register_center(
        world.zanjan_officer, world.unit("C1902"), licence_type=LicenceType.POSITIVE_LIFE
    )
    assert center.org_unit.kind == OrgUnitKind.COUNTER
    assert center.scope_province == world.unit("P19")


def test_names_and_codes_are_normalized(world) -> None:
    center = register_center(
        world.kerman_manager,
        world.unit("C0801"),
        name_fa="مركز  مشاوره كوثر",
        name_en="",
        postal_code="۷۶۱۸-۷۱۳۶۵۱",
        phone="+98 34 3212 3456",
    )
    assert center.org_unit.name_fa == "مرکز مشاوره کوثر"
    assert center.org_unit.name_en == "مرکز مشاوره کوثر"
    assert center.postal_code == "7618713651"
    assert center.phone == "03432123456"
    assert center.search_name == "مرکز مشاوره کوثر مرکز مشاوره کوثر"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"postal_code": "12345"}, "postal_code"),
        ({"phone": "12345"}, "phone"),
        ({"latitude": Decimal("51.4"), "longitude": Decimal("35.7")}, "latitude"),
        ({"latitude": Decimal("35.7"), "longitude": None}, "longitude"),
        ({"latitude": None, "longitude": Decimal("51.4")}, "latitude"),
        ({"grade": 3}, "grade"),
        ({"licence_type": "zoo"}, "licence_type"),
        ({"name_fa": "  "}, "name_fa"),
        ({"capacity": -1}, "capacity"),
    ],
)
def test_invalid_details_are_refused_with_the_field_named(world, overrides, field) -> None:
    refusal = _refusal(register_center, world.kerman_manager, world.unit("C0801"), **overrides)
    assert field in refusal.fields
    assert not Center.objects.exists()


def test_a_zanjan_officer_cannot_register_a_center_in_kerman(world) -> None:
    refusal = _refusal(register_center, world.zanjan_officer, world.unit("C0801"))
    assert refusal.code == "county_out_of_scope"


def test_center_operators_and_inspectors_may_not_register(world) -> None:
    with pytest.raises(PermissionDeniedError):
        register_center(world.kerman_center_operator, world.unit("C0801"))
    with pytest.raises(PermissionDeniedError):
        register_center(world.zanjan_inspector, world.unit("C1901"))


def test_an_existing_center_unit_is_adopted_not_duplicated(world) -> None:
    unit = world.unit("K0801")
    center = services.center_register(
        actor=world.kerman_manager,
        scope=scope_for_user(world.kerman_manager),
        county=world.unit("C0801"),
        data=center_data(
            name_fa="شیرخوارگاه کرمان",
            name_en="Kerman Infant Nursery",
            licence_type=LicenceType.CHILDRENS_HOME,
        ),
        org_unit=unit,
    )
    assert center.org_unit == unit
    again = _refusal(
        services.center_register,
        actor=world.kerman_manager,
        scope=scope_for_user(world.kerman_manager),
        county=world.unit("C0801"),
        data=center_data(licence_type=LicenceType.CHILDRENS_HOME),
        org_unit=unit,
    )
    assert again.code == "center_exists"


# ---------------------------------------------------------------- update


def test_editing_renames_the_org_unit_and_records_what_changed(world, kerman_center) -> None:
    data = services.center_data_of(kerman_center)
    services.center_update(
        actor=world.kerman_manager,
        scope=scope_for_user(world.kerman_manager),
        center=kerman_center,
        data=services.CenterData(**{**data.__dict__, "name_fa": "مرکز نو", "capacity": 55}),
        status=CenterStatus.INACTIVE,
    )
    kerman_center.refresh_from_db()
    assert kerman_center.org_unit.name_fa == "مرکز نو"
    assert kerman_center.capacity == 55
    assert kerman_center.status == CenterStatus.INACTIVE
    assert kerman_center.search_name.startswith("مرکز نو")
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, target_id=str(kerman_center.pk))
    assert set(event.changes) == {"name_fa", "capacity", "status"}


def test_suspension_is_not_an_edit(world, kerman_center) -> None:
    refusal = _refusal(
        services.center_update,
        actor=world.kerman_manager,
        scope=scope_for_user(world.kerman_manager),
        center=kerman_center,
        data=services.center_data_of(kerman_center),
        status=CenterStatus.SUSPENDED,
    )
    assert refusal.code == "status_not_editable"


def test_a_center_cannot_turn_into_a_counter(world, kerman_center) -> None:
    data = services.center_data_of(kerman_center)
    refusal = _refusal(
        services.center_update,
        actor=world.kerman_manager,
        scope=scope_for_user(world.kerman_manager),
        center=kerman_center,
        data=services.CenterData(**{**data.__dict__, "licence_type": LicenceType.POSITIVE_LIFE}),
    )
    assert refusal.code == "licence_type_kind_fixed"


def test_edits_outside_scope_look_like_missing_and_operators_are_forbidden(world, nursery) -> None:
    data = services.center_data_of(nursery)
    with pytest.raises(NotFoundError):
        services.center_update(
            actor=world.zanjan_officer,
            scope=scope_for_user(world.zanjan_officer),
            center=nursery,
            data=data,
        )
    # The operator sees their own center but may not edit it.
    with pytest.raises(PermissionDeniedError):
        services.center_update(
            actor=world.kerman_center_operator,
            scope=scope_for_user(world.kerman_center_operator),
            center=nursery,
            data=data,
        )


# ---------------------------------------------------------------- licences


def test_a_renewal_is_a_new_licence_and_the_old_one_keeps_its_history(world, kerman_center) -> None:
    old = issue_licence(
        world.kerman_manager,
        kerman_center,
        valid_from=TODAY - timedelta(days=1000),
        valid_until=TODAY + timedelta(days=60),
    )
    new = issue_licence(
        world.kerman_manager,
        kerman_center,
        valid_from=TODAY + timedelta(days=61),
        valid_until=TODAY + timedelta(days=61 + 3 * 365),
    )
    old.refresh_from_db()
    assert new.renews == old
    assert (old.is_current, new.is_current) == (False, True)
    assert old.status == new.status == LicenceStatus.VALID
    assert Licence.objects.filter(center=kerman_center).count() == 2


def test_licence_numbers_are_normalized_and_unique(world, kerman_center, zanjan_center) -> None:
    licence = issue_licence(world.kerman_manager, kerman_center, number="۰۸-۱۴۰۳/۰۰۱۲۳")
    assert licence.number == "08140300123"
    refusal = _refusal(issue_licence, world.zanjan_manager, zanjan_center, number="08140300123")
    assert refusal.code == "licence_number_taken"


def test_a_renewal_cannot_start_before_the_current_licence(world, kerman_center) -> None:
    current = issue_licence(world.kerman_manager, kerman_center)
    refusal = _refusal(
        issue_licence, world.kerman_manager, kerman_center, valid_from=current.valid_from
    )
    assert refusal.code == "renewal_starts_too_early"


def test_a_licence_ending_before_it_starts_is_refused(world, kerman_center) -> None:
    refusal = _refusal(
        issue_licence,
        world.kerman_manager,
        kerman_center,
        valid_from=TODAY,
        valid_until=TODAY - timedelta(days=1),
    )
    assert refusal.fields.keys() == {"valid_until"}


def test_a_licence_in_force_reactivates_an_inactive_center(world, kerman_center) -> None:
    Center.objects.filter(pk=kerman_center.pk).update(status=CenterStatus.INACTIVE)
    kerman_center.refresh_from_db()
    issue_licence(world.kerman_manager, kerman_center)
    kerman_center.refresh_from_db()
    assert kerman_center.status == CenterStatus.ACTIVE


def test_operators_cannot_record_licences(world, nursery, kerman_center) -> None:
    with pytest.raises(PermissionDeniedError):
        issue_licence(world.kerman_center_operator, nursery)
    with pytest.raises(NotFoundError):
        issue_licence(world.kerman_center_operator, kerman_center)


# ---------------------------------------------------------------- expiry


def test_expiry_marks_lapsed_licences_and_makes_unlicensed_centers_inactive(
    world, kerman_center, zanjan_center
) -> None:
    lapsed = issue_licence(
        world.kerman_manager,
        kerman_center,
        valid_from=TODAY - timedelta(days=400),
        valid_until=TODAY - timedelta(days=1),
    )
    agreement = issue_licence(
        world.zanjan_manager,
        zanjan_center,
        kind=LicenceKind.PRINCIPLE_AGREEMENT,
        valid_from=TODAY - timedelta(days=400),
        valid_until=TODAY - timedelta(days=1),
    )
    assert services.licence_expire_due(today=TODAY) == 2
    assert services.licence_expire_due(today=TODAY) == 0
    lapsed.refresh_from_db()
    agreement.refresh_from_db()
    kerman_center.refresh_from_db()
    zanjan_center.refresh_from_db()
    assert lapsed.status == agreement.status == LicenceStatus.EXPIRED
    assert lapsed.status_changed_on == TODAY
    assert kerman_center.status == CenterStatus.INACTIVE
    # A principle agreement ending does not stop a center (it never allowed it to operate).
    assert zanjan_center.status == CenterStatus.ACTIVE


def test_a_center_whose_renewal_is_in_force_stays_active(world, kerman_center) -> None:
    old = issue_licence(
        world.kerman_manager,
        kerman_center,
        valid_from=TODAY - timedelta(days=400),
        valid_until=TODAY - timedelta(days=1),
    )
    issue_licence(world.kerman_manager, kerman_center, valid_from=TODAY)
    assert services.licence_expire_due(today=TODAY) == 1
    old.refresh_from_db()
    kerman_center.refresh_from_db()
    assert old.status == LicenceStatus.EXPIRED
    assert kerman_center.status == CenterStatus.ACTIVE


def test_the_expiry_command_runs_the_service(world, kerman_center) -> None:
    from io import StringIO

    from django.core.management import call_command

    issue_licence(
        world.kerman_manager,
        kerman_center,
        valid_from=TODAY - timedelta(days=400),
        valid_until=TODAY - timedelta(days=1),
    )
    out = StringIO()
    call_command("centers_expire_licences", stdout=out)
    assert "Expired 1 licence(s)." in out.getvalue()
