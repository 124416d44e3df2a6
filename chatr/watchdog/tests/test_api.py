"""/api/v1/watchdog: scoped reads, filing for a caller, and the handling actions end to end."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chatr.accounts.models import User
from chatr.api.services import api_token_issue
from chatr.audit.models import AuditAction, AuditEvent
from chatr.cases.models import Case
from chatr.core.tracking import is_well_formed_tracking_code
from chatr.org.roles import Role
from chatr.org.scope import scope_for_user
from chatr.org.services import membership_grant
from chatr.watchdog.models import Category, SubjectArea
from chatr.watchdog.services import Submission, message_screen
from chatr.watchdog.services import message_submit as submit

pytestmark = pytest.mark.django_db

URL = "/api/v1/watchdog/messages"


@pytest.fixture
def taxonomy(world) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    area = SubjectArea.objects.create(
        code="rehabilitation", name_fa="توانبخشی", name_en="Rehabilitation"
    )
    return SimpleNamespace(
        area=area,
        quality=Category.objects.create(
            area=area, code="service-quality", name_fa="کیفیت خدمات", name_en="Service quality"
        ),
        bribery=Category.objects.create(
            area=area, code="bribery", name_fa="رشوه", name_en="Bribery", is_sensitive=True
        ),
        child=Category.objects.create(
            area=area,
            code="child-safety",
            name_fa="ایمنی کودکان",
            name_en="Child safety",
            is_urgent=True,
        ),
    )


@pytest.fixture
def kerman_officer(world) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user(
        "kerman_officer", "pw-for-tests-only", is_staff=True, full_name="Amir Nouri"
    )
    membership_grant(user=user, role=Role.PROVINCE_OFFICER, org_unit=world.unit("P08"))
    return user


def client_as(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="chatr.accounts.backends.StaffPasswordBackend")
    return client


def file(category: Category, **kw: Any) -> Case:
    now = kw.pop("now", None)
    submission = Submission(
        message_type=kw.pop("message_type", "complaint"),
        category=category,
        description=kw.pop("description", "The waiting room is always full."),
        channel="web",
        contact_name="Sara Ebrahimi",
        contact_mobile=kw.pop("mobile", "+989121234567"),
        **kw,
    )
    return submit(submission=submission, now=now).case


def screened_to(world, case: Case, unit_code: str) -> Case:  # type: ignore[no-untyped-def]
    return message_screen(
        actor=world.hq_officer,
        scope=scope_for_user(world.hq_officer),
        case=case,
        to_unit=world.unit(unit_code),
        reason="Belongs to the province.",
    )


def codes(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return [item["tracking_code"] for item in response.json()["items"]]


# ---------------------------------------------------------------- scope


def test_a_zanjan_officer_gets_404_for_a_kerman_message_and_never_lists_it(
    world, taxonomy, client_for
) -> None:
    kerman = screened_to(world, file(taxonomy.quality), "P08")
    zanjan = screened_to(world, file(taxonomy.quality, mobile="+989351112233"), "P19")
    client = client_for("zanjan_officer")

    response = client.get(f"{URL}/{kerman.tracking_code}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert set(response.json()) == {"code", "message_fa", "message_en", "fields"}
    assert codes(client.get(URL)) == [zanjan.tracking_code]
    assert codes(client.get(URL, {"unit": "P08"})) == []
    assert client.get(f"{URL}/{zanjan.tracking_code}").status_code == 200
    for action, body in (
        ("transition", {"to_state": "in_progress"}),
        ("answer", {"text": "Done."}),
        ("notes", {"text": "Looked."}),
        ("route", {"to_unit": "P19", "reason": "Mine now."}),
    ):
        refused = client.post(
            f"{URL}/{kerman.tracking_code}/{action}", body, content_type="application/json"
        )
        assert refused.status_code == 404, action
    kerman.refresh_from_db()
    assert kerman.org_unit.code == "P08"


def test_a_mistyped_code_looks_like_a_missing_one(world, client_for) -> None:
    response = client_for("hq_manager").get(f"{URL}/123456789012")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_sensitive_messages_are_only_for_the_roles_that_handle_them(
    world, taxonomy, client_for
) -> None:
    bribery = file(taxonomy.bribery, description="The clerk asked me for money to file it.")

    assert codes(client_for("hq_officer").get(URL)) == []
    assert client_for("hq_officer").get(f"{URL}/{bribery.tracking_code}").status_code == 404
    detail = client_for("hq_manager").get(f"{URL}/{bribery.tracking_code}")
    assert detail.status_code == 200
    assert detail.json()["is_sensitive"] is True
    opened = AuditEvent.objects.get(action=AuditAction.VIEW, target_id=str(bribery.pk))
    assert opened.actor == world.hq_manager


def test_the_api_needs_a_staff_sign_in_or_token(world, taxonomy) -> None:
    response = Client().get(URL)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"

    _token, raw = api_token_issue(user=world.kerman_manager, name="script")
    case = screened_to(world, file(taxonomy.quality), "P08")
    listed = Client().get(URL, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert codes(listed) == [case.tracking_code]


# ---------------------------------------------------------------- the call center


def test_an_agent_files_by_phone_and_sees_only_what_they_filed(world, taxonomy, client_for) -> None:
    other = file(taxonomy.quality, mobile="+989351112233")
    client = client_for("call_center_agent")

    response = client.post(
        URL,
        {
            "message_type": "complaint",
            "category": "service-quality",
            "description": "The caller waited three months for a wheelchair.",
            "contact_name": "Hassan Rahmani",
            "contact_mobile": "۰۹۱۳ ۱۱۱ ۲۲۳۳",
            "concerned_unit": "P08",
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    code = response.json()["tracking_code"]
    assert is_well_formed_tracking_code(code)
    assert response.json()["secret"] is None
    case = Case.objects.get(tracking_code=code)
    assert case.channel == "phone"
    assert case.filed_by == world.call_center_agent
    assert case.contact_mobile == "+989131112233"
    assert codes(client.get(URL)) == [code]
    assert client.get(f"{URL}/{other.tracking_code}").status_code == 404
    detail = client.get(f"{URL}/{code}").json()
    assert detail["filed_by"] == "call_center_agent"
    assert detail["concerned_unit"] == "P08"
    # Filed is not handled: the agent cannot act on it.
    screen = client.post(
        f"{URL}/{code}/screen", {"to_unit": "P08", "reason": "-"}, content_type="application/json"
    )
    assert screen.status_code == 403
    assert screen.json()["code"] == "forbidden"


def test_an_agent_files_an_anonymous_violation_report_and_gets_its_secret(
    world, taxonomy, client_for
) -> None:
    response = client_for("call_center_agent").post(
        URL,
        {
            "message_type": "violation_report",
            "category": "service-quality",
            "description": "Staff sell donated wheelchairs at the back door.",
            "is_anonymous": True,
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert len(response.json()["secret"]) == 8
    assert Case.objects.get(tracking_code=response.json()["tracking_code"]).is_anonymous


def test_filing_needs_the_permission_and_valid_fields(world, taxonomy, client_for) -> None:
    body = {
        "message_type": "complaint",
        "category": "service-quality",
        "description": "The caller waited three months for a wheelchair.",
        "contact_mobile": "09131112233",
    }
    refused = client_for("hq_officer").post(URL, body, content_type="application/json")
    assert refused.status_code == 403

    agent = client_for("call_center_agent")
    bad_mobile = agent.post(
        URL, {**body, "contact_mobile": "021 8888 1234"}, content_type="application/json"
    )
    assert bad_mobile.status_code == 422
    assert set(bad_mobile.json()["fields"]) == {"contact_mobile"}
    bad_category = agent.post(
        URL, {**body, "category": "potholes"}, content_type="application/json"
    )
    assert bad_category.status_code == 422
    assert set(bad_category.json()["fields"]) == {"category"}
    bad_type = agent.post(URL, {**body, "message_type": "rant"}, content_type="application/json")
    assert bad_type.status_code == 422
    no_contact = agent.post(URL, {**body, "contact_mobile": ""}, content_type="application/json")
    assert no_contact.status_code == 400
    assert no_contact.json()["code"] == "contact_required"
    assert not Case.objects.exists()


# ---------------------------------------------------------------- handling, end to end


def test_screen_assign_answer_end_to_end(world, taxonomy, client_for, kerman_officer) -> None:
    case = file(taxonomy.quality, concerned_unit=world.unit("K0801"), identity_consent=True)
    code = case.tracking_code
    hq = client_for("hq_officer")

    screened = hq.post(
        f"{URL}/{code}/screen",
        {"to_unit": "P08", "reason": "About a Kerman center."},
        content_type="application/json",
    )
    assert screened.status_code == 200, screened.content
    assert (screened.json()["state"], screened.json()["org_unit"]) == ("screened", "P08")

    assign = client_for("kerman_manager").post(
        f"{URL}/{code}/assign", {"officer": "kerman_officer"}, content_type="application/json"
    )
    assert assign.status_code == 200, assign.content
    assert (assign.json()["state"], assign.json()["assigned_to"]) == ("assigned", "kerman_officer")

    officer = client_as(kerman_officer)
    assert codes(officer.get(URL, {"assigned_to": "me"})) == [code]
    note = officer.post(
        f"{URL}/{code}/notes", {"text": "Called the center."}, content_type="application/json"
    )
    assert note.status_code == 201
    assert (note.json()["kind"], note.json()["is_public"]) == ("note", False)
    answered = officer.post(
        f"{URL}/{code}/answer",
        {"text": "The center will deliver the wheelchair this week."},
        content_type="application/json",
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["state"] == "answered"
    assert Case.objects.get(tracking_code=code).state == "answered"

    detail = officer.get(f"{URL}/{code}").json()
    kinds = [event["kind"] for event in detail["timeline"]]
    assert kinds[0] == "filed"
    assert {"state", "routed", "assigned", "note", "answer"} <= set(kinds)
    routed = next(e for e in detail["timeline"] if e["kind"] == "routed")
    assert (routed["from_unit"], routed["to_unit"]) == ("HQ", "P08")
    assert detail["clock"]["band"] in {"green", "amber", "red", "paused", "none"}
    assert detail["contact"] == {"name": "Sara Ebrahimi", "mobile": "+989121234567"}
    assert detail["description"] == "The waiting room is always full."

    illegal = officer.post(
        f"{URL}/{code}/transition", {"to_state": "in_progress"}, content_type="application/json"
    )
    assert illegal.status_code == 409
    assert illegal.json()["code"] == "illegal_transition"
    closed = officer.post(
        f"{URL}/{code}/transition",
        {"to_state": "closed", "text": "Delivered."},
        content_type="application/json",
    )
    assert closed.status_code == 200
    assert closed.json()["state"] == "closed"


def test_a_new_message_cannot_be_answered_or_moved_anywhere(world, taxonomy, client_for) -> None:
    code = file(taxonomy.quality).tracking_code
    hq = client_for("hq_officer")

    illegal = hq.post(
        f"{URL}/{code}/transition", {"to_state": "answered"}, content_type="application/json"
    )
    assert illegal.status_code == 409
    assert illegal.json()["code"] == "illegal_transition"
    assert illegal.json()["message_en"]
    answer = hq.post(f"{URL}/{code}/answer", {"text": "Hi"}, content_type="application/json")
    assert answer.status_code == 409
    unknown_state = hq.post(
        f"{URL}/{code}/transition", {"to_state": "lost"}, content_type="application/json"
    )
    assert unknown_state.status_code == 422
    assert Case.objects.get(tracking_code=code).state == "new"


def test_route_needs_a_reason_and_a_known_unit(world, taxonomy, client_for) -> None:
    code = screened_to(world, file(taxonomy.quality), "P08").tracking_code
    manager = client_for("kerman_manager")

    unknown = manager.post(
        f"{URL}/{code}/route", {"to_unit": "X99", "reason": "-"}, content_type="application/json"
    )
    assert unknown.status_code == 422
    assert set(unknown.json()["fields"]) == {"to_unit"}
    no_reason = manager.post(
        f"{URL}/{code}/route", {"to_unit": "C0802", "reason": " "}, content_type="application/json"
    )
    assert no_reason.status_code == 400
    assert no_reason.json()["code"] == "route_reason_required"
    routed = manager.post(
        f"{URL}/{code}/route",
        {"to_unit": "C0802", "reason": "Rafsanjan handles it."},
        content_type="application/json",
    )
    assert routed.status_code == 200
    assert routed.json()["org_unit"] == "C0802"


def test_assigning_someone_outside_the_unit_is_refused(
    world, taxonomy, client_for, kerman_officer
) -> None:
    code = screened_to(world, file(taxonomy.quality), "P08").tracking_code
    manager = client_for("kerman_manager")

    outsider = manager.post(
        f"{URL}/{code}/assign", {"officer": "zanjan_officer"}, content_type="application/json"
    )
    assert outsider.status_code == 400
    assert outsider.json()["code"] == "assignee_out_of_scope"
    nobody = manager.post(
        f"{URL}/{code}/assign", {"officer": "ghost"}, content_type="application/json"
    )
    assert nobody.status_code == 422
    not_a_manager = client_as(kerman_officer).post(
        f"{URL}/{code}/assign", {"officer": "kerman_officer"}, content_type="application/json"
    )
    assert not_a_manager.status_code == 403


def test_the_person_is_hidden_from_the_unit_they_complain_about(
    world, taxonomy, client_for
) -> None:
    case = screened_to(world, file(taxonomy.quality, concerned_unit=world.unit("P08")), "P08")

    seen_by_kerman = client_for("kerman_manager").get(f"{URL}/{case.tracking_code}").json()
    seen_by_hq = client_for("hq_manager").get(f"{URL}/{case.tracking_code}").json()

    assert seen_by_kerman["contact"] is None
    assert seen_by_kerman["contact_hidden"] is True
    assert "+989121234567" not in str(seen_by_kerman)
    assert seen_by_hq["contact"]["mobile"] == "+989121234567"


def test_a_signed_in_persons_account_is_hidden_with_their_contact(
    world, taxonomy, client_for
) -> None:
    submission = Submission(
        message_type="complaint",
        category=taxonomy.quality,
        description="The waiting room is always full.",
        channel="web",
        contact_mobile="+989121234567",
        concerned_unit=world.unit("P08"),
    )
    case = submit(submission=submission, requester=world.citizen).case
    screened_to(world, case, "P08")

    detail = client_for("kerman_manager").get(f"{URL}/{case.tracking_code}").json()

    filed = detail["timeline"][0]
    assert filed["kind"] == "filed"
    assert filed["actor"] is None


# ---------------------------------------------------------------- the list


def test_the_list_filters(world, taxonomy, client_for, kerman_officer) -> None:
    # Never screened: its clock has run since it was filed, two months ago.
    overdue = file(taxonomy.quality, now=timezone.now() - timedelta(days=60))
    kerman = screened_to(world, file(taxonomy.quality, mobile="+989351112233"), "P08")
    praise = file(taxonomy.quality, message_type="praise", mobile="+989361112233")
    hq = client_for("hq_manager")

    assert codes(hq.get(URL, {"band": "red"})) == [overdue.tracking_code]
    assert codes(hq.get(URL, {"message_type": "praise"})) == [praise.tracking_code]
    assert codes(hq.get(URL, {"state": "screened"})) == [kerman.tracking_code]
    assert codes(hq.get(URL, {"unit": "p08"})) == [kerman.tracking_code]
    assert codes(hq.get(URL, {"unit": "HQ"})) == [praise.tracking_code, overdue.tracking_code]
    assert codes(hq.get(URL, {"category": "bribery"})) == []
    assert codes(hq.get(URL, {"channel": "phone"})) == []
    assert len(codes(hq.get(URL, {"open_only": True}))) == 3
    assert hq.get(URL, {"unit": "X99"}).status_code == 422
    assert hq.get(URL, {"band": "green"}).status_code == 422
    [listed] = hq.get(URL, {"band": "red"}).json()["items"]
    assert listed["overdue"] is True
    assert (listed["org_unit"], listed["category"], listed["state"]) == (
        "HQ",
        "service-quality",
        "new",
    )
    assert hq.get(f"{URL}/{overdue.tracking_code}").json()["clock"]["band"] == "red"
    assert hq.get(URL, {"unit": "P08"}).json()["items"][0]["overdue"] is False


def test_the_list_query_count_does_not_grow_with_rows(
    world, taxonomy, client_for, kerman_officer, django_assert_max_num_queries
) -> None:
    manager = client_for("kerman_manager")
    scope = scope_for_user(world.kerman_manager)
    from chatr.cases.services import case_assign

    def add(count: int) -> None:
        for i in range(count):
            case = screened_to(world, file(taxonomy.quality, mobile=f"+98912{i:07d}"), "P08")
            case_assign(
                actor=world.kerman_manager, scope=scope, cases=[case], officer=kerman_officer
            )

    add(2)
    manager.get(URL)  # warm up the session
    with CaptureQueriesContext(connection) as few:
        assert len(codes(manager.get(URL))) == 2
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(codes(manager.get(URL))) == 8
