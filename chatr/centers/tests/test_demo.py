"""The centers demo: a few hundred centers in every province, every type and ownership, licences
valid, expiring soon, expired and renewed; the well-known centers; idempotent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from chatr.centers.choices import (
    CenterStatus,
    LicenceKind,
    LicenceStatus,
    LicenceType,
    Ownership,
)
from chatr.centers.choices_licensing import ApplicationKind
from chatr.centers.demo import seed_centers_demo
from chatr.centers.models import Center, Licence
from chatr.centers.selectors import CenterFilters, center_list, center_list_for_staff
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.scope import scope_for_user

pytestmark = pytest.mark.django_db


def test_the_demo_is_complete_idempotent_and_has_the_well_known_centers(world) -> None:
    created = seed_centers_demo()
    assert 250 <= created <= 500
    # `created` counts the directory's own centers; the licensing demo registers, through the
    # real flow, the center of each principle agreement it grants. Nothing else adds centers.
    granted = (
        Center.objects.filter(licence_applications__kind=ApplicationKind.PRINCIPLE_AGREEMENT)
        .distinct()
        .count()
    )
    assert granted >= 1
    assert Center.objects.count() == created + granted
    assert seed_centers_demo() == 0
    assert Center.objects.count() == created + granted

    provinces = OrgUnit.objects.filter(kind=OrgUnitKind.PROVINCE).count()
    assert Center.objects.values("scope_province").distinct().count() == provinces == 31
    assert Center.objects.values("scope_county").distinct().count() > 60
    assert set(Center.objects.values_list("licence_type", flat=True)) == set(LicenceType.values)
    assert set(Center.objects.values_list("ownership", flat=True)) == set(Ownership.values)

    today = timezone.localdate()
    activity = Licence.objects.filter(kind=LicenceKind.ACTIVITY_LICENCE)
    assert activity.filter(status=LicenceStatus.EXPIRED).exists()
    assert activity.filter(
        status=LicenceStatus.VALID, valid_until__lte=today + timedelta(days=90)
    ).exists()
    assert activity.filter(renews__isnull=False).exists()
    assert Center.objects.filter(status=CenterStatus.INACTIVE).exists()
    assert not Licence.objects.filter(status=LicenceStatus.VALID, valid_until__lt=today).exists()

    # The well-known centers, and the demo operator works at one of them.
    nursery = Center.objects.get(org_unit__code="K0801")
    assert nursery.org_unit.name_fa == "شیرخوارگاه کرمان"
    assert nursery.ownership == Ownership.STATE
    navid = center_list(filters=CenterFilters(name="نويد درمان اعتياد")).get()
    assert navid.ownership == Ownership.STATE
    assert navid.licence_type == LicenceType.ADDICTION_TREATMENT
    operator = scope_for_user(world.kerman_center_operator)
    assert list(center_list_for_staff(scope=operator)) == [nursery]
    counter = Center.objects.get(org_unit__code="Z1901")
    assert counter.licence_type == LicenceType.POSITIVE_LIFE
