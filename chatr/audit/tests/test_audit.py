"""The audit trail: what gets written, and how managers browse it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from chatr.audit.context import RequestContext, reset_context, set_context
from chatr.audit.models import AuditEvent
from chatr.audit.selectors import AuditFilters, audit_event_list
from chatr.audit.services import audit_record, field_changes
from chatr.org.scope import scope_for_user

pytestmark = pytest.mark.django_db


def test_an_event_is_stamped_with_the_targets_unit_and_the_request_channel(world) -> None:
    token = set_context(RequestContext(channel="api", ip="10.1.2.3"))
    try:
        event = audit_record(
            actor=world.hq_officer,
            action="update",
            target=world.unit("K0801"),
            changes={"name_en": ["a", "b"]},
        )
    finally:
        reset_context(token)
    assert (event.channel, event.ip) == ("api", "10.1.2.3")
    assert event.org_unit == world.unit("K0801")
    assert event.scope_province == world.unit("P08")
    assert event.scope_county == world.unit("C0801")


def test_a_staff_users_events_belong_to_their_unit(world) -> None:
    event = audit_record(actor=world.zanjan_officer, action="sign_in", target=world.zanjan_officer)
    assert event.scope_province == world.unit("P19")
    assert event.channel == "system"


def test_field_changes_lists_only_changed_fields_as_json_safe_values() -> None:
    assert field_changes({"a": 1, "b": "x"}, {"a": 2, "b": "x"}) == {"a": [1, 2]}


def test_filters_narrow_by_action_and_actor(world) -> None:
    audit_record(actor=world.hq_officer, action="update", target=world.unit("P08"))
    audit_record(actor=world.kerman_manager, action="create", target=world.unit("P08"))
    scope = scope_for_user(world.hq_manager)
    updates = audit_event_list(scope=scope, filters=AuditFilters(action="update"))
    assert {e.action for e in updates} == {"update"}
    by_actor = audit_event_list(scope=scope, filters=AuditFilters(actor="kerman_manager"))
    assert [e.actor for e in by_actor] == [world.kerman_manager]


def test_list_page_query_count_does_not_grow_with_rows(
    world, client_for, django_assert_max_num_queries
) -> None:
    for _ in range(30):
        audit_record(actor=world.hq_officer, action="update", target=world.unit("C0801"))
    client = client_for("kerman_manager")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("audit:list"))
    assert response.status_code == 200
    assert len(re.findall(r'href="/audit/\d+/"', response.content.decode())) >= 30


def test_htmx_filter_request_gets_only_the_table(world, client_for) -> None:
    audit_record(actor=world.hq_officer, action="update", target=world.unit("C0801"))
    response = client_for("kerman_manager").get(
        reverse("audit:list"), {"action": "update"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'id="audit-table"' in html
    assert "<html" not in html


def test_invalid_jalali_date_filter_shows_a_message_and_keeps_the_input(world, client_for) -> None:
    response = client_for("kerman_manager").get(
        reverse("audit:list"), {"date_from": "1405/13/40", "actor": "x"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-error-summary" in html
    assert 'value="1405/13/40"' in html


def test_export_is_a_streamed_csv_with_a_header_row(world, client_for) -> None:
    event = audit_record(actor=world.hq_officer, action="update", target=world.unit("C0801"))
    response = client_for("kerman_manager").get(reverse("audit:export"))
    assert response.streaming
    content = b"".join(response.streaming_content).decode()
    lines = content.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("id,time,actor,action")
    assert any(line.startswith(f"{event.pk},") for line in lines[1:])


def test_opening_an_event_writes_no_new_event(world, client_for) -> None:
    event = audit_record(actor=world.hq_officer, action="update", target=world.unit("C0801"))
    before = AuditEvent.objects.count()
    client_for("kerman_manager").get(reverse("audit:detail", args=[event.pk]))
    assert AuditEvent.objects.count() == before
