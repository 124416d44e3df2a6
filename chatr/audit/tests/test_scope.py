"""The audit trail honours the scoped-record contract: Kerman's events stay in Kerman."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chatr.audit.services import audit_record
from chatr.org.testing import ScopedRecordContract


class TestAuditEventScope(ScopedRecordContract):
    reader_in_scope = "kerman_manager"
    reader_out_of_scope = "zanjan_manager"
    owner_unit_code = "C0801"

    def make_record(self, world: Any, unit: Any) -> Any:
        return audit_record(
            actor=world.hq_officer,
            action="update",
            target=unit,
            changes={"name_en": ["Old", "New"]},
        )

    def list_url(self) -> str:
        return reverse("audit:list")

    def detail_url(self, record: Any) -> str:
        return reverse("audit:detail", args=[record.pk])

    def api_list_url(self) -> str:
        return "/api/v1/audit/events?limit=200"

    def api_detail_url(self, record: Any) -> str:
        return f"/api/v1/audit/events/{record.pk}"

    def export_url(self) -> str:
        return reverse("audit:export")


class TestAuditEventScopeForOfficerWithoutAuditRole(TestAuditEventScope):
    """A Zanjan province officer holds no audit role at all: still 404, never a leak."""

    reader_out_of_scope = "zanjan_officer"

    def test_reader_out_of_scope_never_sees_record_in_lists_or_exports(
        self, record: Any, client_for: Any
    ) -> None:
        client = client_for(self.reader_out_of_scope)
        assert client.get(self.list_url()).status_code == 403
        assert client.get(self.api_list_url()).status_code == 403
        assert client.get(self.export_url()).status_code == 403
