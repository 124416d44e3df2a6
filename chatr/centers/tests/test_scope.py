"""Centers honour the scoped-record contract: a Zanjan officer never sees a Kerman center on
the staff pages or endpoints (404, like a missing one) and cannot change it; a center operator
sees only their own center. (The public directory shows every center to everyone.)"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from chatr.centers.tests.factories import register_center
from chatr.org.testing import ScopedRecordContract

pytestmark = pytest.mark.django_db


class TestCenterScope(ScopedRecordContract):
    reader_in_scope = "kerman_manager"
    reader_out_of_scope = "zanjan_officer"
    owner_unit_code = "C0801"

    def make_record(self, world: Any, unit: Any) -> Any:
        return register_center(world.kerman_manager, unit)

    def list_url(self) -> str:
        return reverse("centers:manage") + "?page=1"

    def detail_url(self, record: Any) -> str:
        return reverse("centers:manage_detail", args=[record.pk])

    def api_list_url(self) -> str:
        return "/api/v1/centers/manage/?limit=200"

    def api_detail_url(self, record: Any) -> str:
        return f"/api/v1/centers/manage/{record.pk}"


class TestCenterScopeForInspector(TestCenterScope):
    """An inspector of a Zanjan county is just as blind to Kerman."""

    reader_out_of_scope = "zanjan_inspector"


class TestCenterScopeForCountyRecord(TestCenterScope):
    """Rafsanjan, Kerman's second county: the province's managers see it too."""

    owner_unit_code = "C0802"


class TestCenterScopeForOtherOperators(TestCenterScope):
    """A center operator sees their own center only, not their neighbours'."""

    reader_out_of_scope = "kerman_center_operator"


def test_a_zanjan_officer_cannot_edit_a_kerman_center(world, client_for) -> None:
    center = register_center(world.kerman_manager, world.unit("C0801"))
    client = client_for("zanjan_officer")
    page = client.post(reverse("centers:edit", args=[center.pk]), {"name_fa": "x"})
    api = client.patch(
        f"/api/v1/centers/manage/{center.pk}", {"name_fa": "x"}, content_type="application/json"
    )
    assert page.status_code == api.status_code == 404
    center.refresh_from_db()
    assert center.org_unit.name_fa != "x"
