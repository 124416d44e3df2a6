"""Watchdog pages end to end with the test client: intake, tracking, staff handling."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from chatr.audit.models import AuditEvent
from chatr.cases.models import Case, CaseAttachment
from chatr.cases.selectors import bad_tracking_code_error
from chatr.core.tracking import is_well_formed_tracking_code
from chatr.notifications.models import SmsMessage
from chatr.org.roles import Role
from chatr.org.services import membership_grant
from chatr.watchdog.choices import MessageState

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _challenge(html: str) -> dict[str, str]:
    token = re.search(r'name="challenge_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    answer = signing.loads(token, salt="chatr.challenge")["s"]
    return {"challenge_token": token, "challenge_answer": str(answer)}


def _post_message(client: Client, taxonomy, **overrides):  # type: ignore[no-untyped-def]
    page = client.get(reverse("watchdog:submit")).content.decode()
    data = {
        "message_type": "complaint",
        "category": taxonomy["quality"].pk,
        "concerned_unit": "",
        "concerned_text": "",
        "description": "The ramp is broken again.",
        "contact_name": "Sara",
        "contact_mobile": "۰۹۱۲۱۱۱۲۲۳۳",
        **_challenge(page),
    }
    data.update(overrides)
    return client.post(reverse("watchdog:submit"), data, HTTP_X_FORWARDED_FOR="")


def test_public_form_gives_a_tracking_code_and_sends_it_by_sms(
    world, taxonomy, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_message(client, taxonomy)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    code = re.search(r'data-tracking-code="(\d+)"', page).group(1)  # type: ignore[union-attr]
    assert is_well_formed_tracking_code(code)
    case = Case.objects.get(tracking_code=code)
    assert case.contact_mobile == "+989121112233"
    assert case.org_unit == world.unit("HQ")  # the operator unit screens it first
    sms = SmsMessage.objects.get(purpose="watchdog_tracking_code")
    assert sms.to == "+989121112233"
    assert code[:4] in sms.text.replace(" ", "")[:200] or code in sms.text.replace(" ", "")


def test_a_wrong_challenge_answer_keeps_everything_typed(world, taxonomy) -> None:
    response = _post_message(
        Client(),
        taxonomy,
        challenge_answer="99",
        description="Nobody answers the phone in the county office.",
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "data-error-summary" in html
    assert "Nobody answers the phone in the county office." in html
    assert 'value="Sara"' in html
    assert Case.objects.count() == 0


def test_a_file_that_is_not_an_image_or_pdf_is_refused_and_nothing_is_saved(
    world, taxonomy
) -> None:
    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = _post_message(Client(), taxonomy, attachments=[fake])
    assert response.status_code == 400
    assert "The ramp is broken again." in response.content.decode()
    assert Case.objects.count() == 0


def test_an_image_attachment_is_kept_with_the_message(world, taxonomy) -> None:
    image = SimpleUploadedFile("my-name-and-id.png", PNG, content_type="image/png")
    response = _post_message(Client(), taxonomy, attachments=[image])
    assert response.status_code == 302
    attachment = CaseAttachment.objects.get()
    assert attachment.content_type == "image/png"
    assert "my-name" not in attachment.file.name


def test_anonymous_reports_only_for_violations_and_they_get_a_secret(world, taxonomy) -> None:
    refused = _post_message(Client(), taxonomy, is_anonymous="on", contact_mobile="")
    assert refused.status_code == 400
    client = Client()
    accepted = _post_message(
        client,
        taxonomy,
        is_anonymous="on",
        contact_mobile="",
        message_type="violation_report",
        category=taxonomy["bribery"].pk,
    )
    assert accepted.status_code == 302
    page = client.get(accepted["Location"]).content.decode()
    code = re.search(r'data-tracking-code="(\d+)"', page).group(1)  # type: ignore[union-attr]
    secret = re.search(r'data-secret="([A-Z0-9]+)"', page).group(1)  # type: ignore[union-attr]
    case = Case.objects.get(tracking_code=code)
    assert case.is_anonymous and case.contact_mobile == "" and case.is_sensitive
    other = Client()
    tracked = other.post(reverse("watchdog:track"), {"code": code, "secret": secret})
    assert tracked.status_code == 302
    assert "data-state" in other.get(reverse("watchdog:track_status")).content.decode()


def test_tracking_with_a_mistyped_digit_is_caught_before_any_query(
    world, taxonomy, django_assert_max_num_queries
) -> None:
    client = Client()
    _post_message(client, taxonomy)
    code = Case.objects.get().tracking_code
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    with django_assert_max_num_queries(3):  # session and rate limit only; no case lookup
        response = client.post(reverse("watchdog:track"), {"code": wrong, "mobile": "09121112233"})
    assert response.status_code == 400
    with translation.override("fa"):
        expected = str(bad_tracking_code_error().message)
    assert expected in response.content.decode()


def test_too_many_lookups_is_a_general_error_not_one_about_the_code(world) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    typed = {"code": "123456789012", "mobile": "09121112233"}
    for _ in range(30):  # the page's limit per connection in ten minutes
        client.post(reverse("watchdog:track"), typed)

    response = client.post(reverse("watchdog:track"), typed)

    html = response.content.decode()
    assert response.status_code == 429
    assert "Too many lookups from this connection." in html
    assert "data-error-summary" in html
    # Nothing is wrong with the code typed: the field is not marked, the summary links nowhere.
    assert 'aria-invalid="true"' not in html and 'href="#id_code"' not in html


def test_the_person_tracks_replies_and_rates_after_the_answer(world, taxonomy, client_for) -> None:
    person = Client()
    _post_message(person, taxonomy)
    case = Case.objects.get()
    assert (
        person.post(
            reverse("watchdog:track"), {"code": case.tracking_code, "mobile": "0912 111 2233"}
        ).status_code
        == 302
    )
    reply = person.post(reverse("watchdog:track_reply"), {"text": "One more detail."})
    assert reply.status_code == 302
    officer = client_for("hq_officer")
    officer.post(
        reverse("watchdog:staff_route", args=[case.tracking_code]),
        {"route-to_unit": world.unit("P08").pk, "route-reason": "Kerman handles it"},
    )
    case.refresh_from_db()
    assert case.org_unit == world.unit("P08") and case.state == MessageState.SCREENED
    manager = client_for("kerman_manager")
    answered = manager.post(
        reverse("watchdog:staff_answer", args=[case.tracking_code]),
        {"answer-text": "The ramp was repaired on Monday."},
    )
    assert answered.status_code == 302
    status_page = person.get(reverse("watchdog:track_status")).content.decode()
    assert "The ramp was repaired on Monday." in status_page
    assert "Kerman handles it" not in status_page  # the referral reason is internal
    assert person.post(reverse("watchdog:track_rate"), {"rating": 5}).status_code == 302
    case.refresh_from_db()
    assert case.rating == 5


def test_a_zanjan_officer_gets_404_for_a_kerman_message_and_never_lists_it(
    world, taxonomy, client_for
) -> None:
    _post_message(Client(), taxonomy)
    case = Case.objects.get()
    client_for("hq_officer").post(
        reverse("watchdog:staff_route", args=[case.tracking_code]),
        {"route-to_unit": world.unit("P08").pk, "route-reason": "Kerman"},
    )
    zanjan = client_for("zanjan_officer")
    assert (
        zanjan.get(reverse("watchdog:staff_detail", args=[case.tracking_code])).status_code == 404
    )
    assert case.tracking_code not in zanjan.get(reverse("watchdog:queue")).content.decode()
    kerman = client_for("kerman_manager")
    assert (
        kerman.get(reverse("watchdog:staff_detail", args=[case.tracking_code])).status_code == 200
    )


def test_an_illegal_status_change_is_refused_with_a_message(world, taxonomy, client_for) -> None:
    _post_message(Client(), taxonomy)
    case = Case.objects.get()
    response = client_for("hq_officer").post(
        reverse("watchdog:staff_transition", args=[case.tracking_code]),
        {"state-to_state": MessageState.ANSWERED},
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.state == MessageState.NEW


def test_sensitive_messages_are_hidden_from_officers_and_reads_are_audited(
    world, taxonomy, client_for
) -> None:
    _post_message(
        Client(), taxonomy, message_type="violation_report", category=taxonomy["bribery"].pk
    )
    case = Case.objects.get()
    assert (
        client_for("hq_officer")
        .get(reverse("watchdog:staff_detail", args=[case.tracking_code]))
        .status_code
        == 404
    )
    manager = client_for("hq_manager")
    assert (
        manager.get(reverse("watchdog:staff_detail", args=[case.tracking_code])).status_code == 200
    )
    assert AuditEvent.objects.filter(
        action="view", target_id=str(case.pk), actor=world.hq_manager
    ).exists()


def test_identity_is_hidden_from_the_unit_complained_about_without_consent(
    world, taxonomy, client_for
) -> None:
    _post_message(Client(), taxonomy, concerned_unit=world.unit("C0801").pk)
    case = Case.objects.get()
    client_for("hq_officer").post(
        reverse("watchdog:staff_route", args=[case.tracking_code]),
        {"route-to_unit": world.unit("C0801").pk, "route-reason": "County"},
    )
    county_officer = world.zanjan_officer  # reuse a user; give them a role in Kerman county
    membership_grant(user=county_officer, role=Role.PROVINCE_OFFICER, org_unit=world.unit("C0801"))
    page = (
        client_for("zanjan_officer")
        .get(reverse("watchdog:staff_detail", args=[case.tracking_code]))
        .content.decode()
    )
    assert "0912" not in page and "۰۹۱۲" not in page
    province_page = (
        client_for("kerman_manager")
        .get(reverse("watchdog:staff_detail", args=[case.tracking_code]))
        .content.decode()
    )
    assert "Sara" in province_page


def test_agent_files_by_phone_sees_caller_history_and_reads_back_the_code(
    world, taxonomy, client_for
) -> None:
    _post_message(Client(), taxonomy)
    agent = client_for("call_center_agent")
    history = agent.post(
        reverse("watchdog:agent_caller_history"), {"contact_mobile": "09121112233"}
    ).content.decode()
    assert Case.objects.get().tracking_code[:4] in history.replace("\u2066", "") or "<li" in history
    response = agent.post(
        reverse("watchdog:agent_new"),
        {
            "contact_mobile": "09121112233",
            "contact_name": "Caller",
            "message_type": "complaint",
            "category": taxonomy["pension"].pk,
            "description": "My pension is two months late.",
        },
    )
    assert response.status_code == 302
    done = agent.get(response["Location"]).content.decode()
    code = re.search(r'data-tracking-code="(\d+)"', done).group(1)  # type: ignore[union-attr]
    case = Case.objects.get(tracking_code=code)
    assert case.channel == "phone" and case.filed_by == world.call_center_agent
    assert done.count("<li>") >= 3  # the code read back in groups
    queue = agent.get(reverse("watchdog:queue")).content.decode()
    assert code in queue  # agents see what they filed …
    first = Case.objects.exclude(tracking_code=code).get().tracking_code
    assert first not in queue  # … and not the citizen's own web message


def test_urgent_category_notifies_the_province_manager(
    world, taxonomy, django_capture_on_commit_callbacks
) -> None:
    world.kerman_manager.mobile = "+989135556677"
    world.kerman_manager.save(update_fields=["mobile"])
    with django_capture_on_commit_callbacks(execute=True):
        _post_message(
            Client(), taxonomy, category=taxonomy["child"].pk, concerned_unit=world.unit("K0801").pk
        )
    assert SmsMessage.objects.filter(purpose="watchdog_urgent", to="+989135556677").exists()


def test_queue_query_count_does_not_grow_with_rows(
    world, taxonomy, client_for, django_assert_max_num_queries
) -> None:
    for n in range(12):  # different callers: one number may send only 5 an hour
        _post_message(Client(), taxonomy, contact_mobile=f"0912000{n:04d}")
    client = client_for("hq_manager")
    with django_assert_max_num_queries(16):
        response = client.get(reverse("watchdog:queue"))
    assert response.status_code == 200
    assert response.content.decode().count('name="codes"') == 12


def test_an_answer_can_be_a_template_sent_as_it_is(world, taxonomy, client_for) -> None:
    from chatr.watchdog.models import AnswerTemplate

    template = AnswerTemplate.objects.create(title="Thanks", text="Thank you; it is fixed.")
    _post_message(Client(), taxonomy)
    case = Case.objects.get()
    hq = client_for("hq_officer")
    hq.post(
        reverse("watchdog:staff_route", args=[case.tracking_code]),
        {"route-to_unit": world.unit("P08").pk, "route-reason": "Kerman"},
    )
    page = (
        client_for("kerman_manager")
        .get(reverse("watchdog:staff_detail", args=[case.tracking_code]))
        .content.decode()
    )
    assert 'id="answer-templates"' in page
    response = client_for("kerman_manager").post(
        reverse("watchdog:staff_answer", args=[case.tracking_code]),
        {"answer-template": template.pk, "answer-text": ""},
    )
    assert response.status_code == 302
    assert case.events.filter(kind="answer", text="Thank you; it is fixed.").exists()


def test_a_units_queue_shows_only_that_units_messages(world, taxonomy, client_for) -> None:
    for n, unit in enumerate(("P08", "C0801")):
        _post_message(Client(), taxonomy, contact_mobile=f"0913000{n:04d}")
        case = Case.objects.order_by("-pk").first()
        client_for("hq_officer").post(
            reverse("watchdog:staff_route", args=[case.tracking_code]),
            {"route-to_unit": world.unit(unit).pk, "route-reason": "there"},
        )
    county_case = Case.objects.get(org_unit=world.unit("C0801"))
    province_case = Case.objects.get(org_unit=world.unit("P08"))
    page = (
        client_for("kerman_manager")
        .get(reverse("watchdog:queue"), {"unit": "C0801"})
        .content.decode()
    )
    assert county_case.tracking_code in page
    assert province_case.tracking_code not in page


def test_agent_reads_a_status_by_code_and_a_mistyped_code_is_caught(
    world, taxonomy, client_for
) -> None:
    _post_message(Client(), taxonomy)
    case = Case.objects.get()
    agent = client_for("call_center_agent")
    found = agent.post(reverse("watchdog:agent_lookup"), {"code": case.tracking_code})
    assert f'data-state="{case.state}"' in found.content.decode() or (
        case.tracking_code[:4] in found.content.decode()
    )
    assert "0912" not in found.content.decode()  # the caller's details are not shown
    wrong = case.tracking_code[:-1] + str((int(case.tracking_code[-1]) + 1) % 10)
    page = agent.post(reverse("watchdog:agent_lookup"), {"code": wrong}).content.decode()
    assert "data-error-summary" in page
    assert client_for("zanjan_officer").get(reverse("watchdog:agent_lookup")).status_code == 403
