"""Citizens sign in with their mobile and a one-time SMS code, in two steps through the pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from chatr.accounts.models import User
from chatr.core.text import to_ascii_digits
from chatr.notifications.choices import SmsStatus
from chatr.notifications.models import SmsMessage
from chatr.notifications.selectors import sms_last_to

pytestmark = pytest.mark.django_db

MOBILE = "+989123456789"
MOBILE_TYPED_IN_PERSIAN = "۰۹۱۲۳۴۵۶۷۸۹"


def request_code(client: Client, mobile: str = MOBILE_TYPED_IN_PERSIAN) -> Any:
    return client.post(reverse("accounts:citizen_sign_in"), {"mobile": mobile})


def enter_code(client: Client, code: str) -> Any:
    return client.post(reverse("accounts:citizen_verify"), {"code": code})


def code_sent_to(mobile: str = MOBILE) -> str:
    message = sms_last_to(to=mobile)
    assert message is not None, "no SMS was sent"
    match = re.search(r"(?<!\d)\d{6}(?!\d)", message.text)
    assert match is not None, f"no 6-digit code in {message.text!r}"
    return to_ascii_digits(match.group())


def a_wrong_code(right: str) -> str:
    return "111111" if right != "111111" else "222222"


def sms_count(mobile: str = MOBILE) -> int:
    return SmsMessage.objects.filter(to=mobile).count()


def test_mobile_in_persian_digits_sends_a_six_digit_code_and_opens_the_code_page(
    client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = request_code(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:citizen_verify")
    message = sms_last_to(to=MOBILE)
    assert message is not None
    assert message.to == MOBILE
    assert message.purpose == "otp_sign_in"
    assert message.status == SmsStatus.SENT
    assert len(code_sent_to()) == 6


def test_code_page_shows_the_number_the_code_went_to(client) -> None:
    request_code(client)

    page = client.get(reverse("accounts:citizen_verify")).content.decode()

    assert "0912 345 6789" in page


def test_mobile_never_appears_in_a_url_during_the_journey(world, client) -> None:
    locations = [request_code(client)["Location"]]
    locations.append(enter_code(client, a_wrong_code(code_sent_to())).get("Location", ""))
    locations.append(enter_code(client, code_sent_to())["Location"])
    landing = client.get(locations[-1])

    assert landing.status_code == 200
    urls = [*locations, landing.request["PATH_INFO"], landing.request.get("QUERY_STRING", "")]
    for url in urls:
        # Every spelling (+98…, 0912…, 98…, URL-encoded) contains the ten national digits.
        assert "9123456789" not in url
        assert "۹۱۲۳۴۵۶۷۸۹" not in url


def test_right_code_signs_in_a_new_citizen_and_lands_on_my_account(english) -> None:
    request_code(english)

    response = enter_code(english, code_sent_to())

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:landing")
    user = User.objects.get(mobile=MOBILE)
    assert user.is_staff is False
    assert user.username is None
    assert not user.has_usable_password()
    assert english.session[SESSION_KEY] == str(user.pk)
    page = english.get(response["Location"]).content.decode()
    assert "My account" in page
    assert "0912 345 6789" in page


def test_code_typed_in_persian_digits_is_accepted(client) -> None:
    request_code(client)
    persian_code = code_sent_to().translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))

    response = enter_code(client, persian_code)

    assert response.status_code == 302
    assert User.objects.filter(mobile=MOBILE).exists()


def test_wrong_code_says_how_many_tries_are_left(english) -> None:
    request_code(english)
    wrong = a_wrong_code(code_sent_to())

    first = enter_code(english, wrong)
    second = enter_code(english, wrong)

    left = settings.CHATR_OTP_MAX_ATTEMPTS - 1
    assert first.status_code == 400
    assert f"You have {left} more tries" in first.content.decode()
    assert f"You have {left - 1} more tries" in second.content.decode()
    assert SESSION_KEY not in english.session


def test_after_the_maximum_wrong_codes_even_the_right_code_is_refused(english) -> None:
    request_code(english)
    right = code_sent_to()
    for _ in range(settings.CHATR_OTP_MAX_ATTEMPTS):
        enter_code(english, a_wrong_code(right))

    response = enter_code(english, right)

    assert response.status_code == 429
    assert "Too many wrong codes" in response.content.decode()
    assert SESSION_KEY not in english.session
    assert not User.objects.filter(mobile=MOBILE).exists()


def test_expired_code_is_refused(english, clock) -> None:
    request_code(english)
    clock.advance(settings.CHATR_OTP_TTL_SECONDS + 1)

    response = enter_code(english, code_sent_to())

    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert SESSION_KEY not in english.session


def test_asking_again_within_the_resend_window_sends_no_second_sms(english, clock) -> None:
    request_code(english)
    clock.advance(settings.CHATR_OTP_RESEND_SECONDS - 1)

    again = request_code(english)
    resend = english.post(reverse("accounts:citizen_resend"), follow=True)

    # The first code is still good, so the person is simply taken to the code page.
    assert again["Location"] == reverse("accounts:citizen_verify")
    assert "A code was just sent" in resend.content.decode()
    assert sms_count() == 1


def test_resend_after_the_window_sends_a_new_code(english, clock) -> None:
    request_code(english)
    clock.advance(settings.CHATR_OTP_RESEND_SECONDS + 1)

    response = english.post(reverse("accounts:citizen_resend"), follow=True)

    assert "A new code was sent" in response.content.decode()
    assert sms_count() == 2


def test_more_requests_than_the_hourly_maximum_are_refused_with_a_clear_message(
    english, clock
) -> None:
    for _ in range(settings.CHATR_OTP_MAX_PER_HOUR):
        assert request_code(english).status_code == 302
        clock.advance(settings.CHATR_OTP_RESEND_SECONDS + 1)

    refused = request_code(english)

    assert refused.status_code == 429
    assert "Too many codes were requested for this number" in refused.content.decode()
    assert sms_count() == settings.CHATR_OTP_MAX_PER_HOUR
    clock.advance(60 * 60)
    assert request_code(english).status_code == 302


def test_invalid_mobile_rerenders_the_form_with_the_error_and_the_typed_value(english) -> None:
    response = request_code(english, "12345")

    page = response.content.decode()
    assert response.status_code == 400
    assert "data-error-summary" in page
    assert "Enter an Iranian mobile number" in page
    assert 'value="12345"' in page
    assert not SmsMessage.objects.exists()


def test_code_page_without_a_pending_number_goes_back_to_the_mobile_step(client) -> None:
    response = client.get(reverse("accounts:citizen_verify"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:citizen_sign_in")
