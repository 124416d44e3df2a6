"""Edge cases of the sign-in services, called directly."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError

from chatr.accounts.models import OneTimeCode, User
from chatr.accounts.services import citizen_sign_in, otp_request, otp_verify, staff_sign_in
from chatr.audit.models import AuditEvent
from chatr.core.errors import ApplicationError
from chatr.notifications.models import SmsMessage
from chatr.notifications.selectors import sms_last_to

pytestmark = pytest.mark.django_db

MOBILE = "+989123456789"
PASSWORD = "pw-for-tests-only"


def last_code(mobile: str = MOBILE) -> str:
    message = sms_last_to(to=mobile)
    assert message is not None
    match = re.search(r"(?<!\d)\d{6}(?!\d)", message.text)
    assert match is not None
    return match.group()


def other_code(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def refusal(excinfo: pytest.ExceptionInfo[ApplicationError]) -> str:
    return excinfo.value.code


# One-time codes


def test_codes_are_stored_hashed_never_in_clear() -> None:
    otp = otp_request(mobile=MOBILE)

    code = last_code()
    otp.refresh_from_db()
    assert code not in otp.code_hash
    assert len(otp.code_hash) >= 40
    assert not OneTimeCode.objects.filter(code_hash=code).exists()


def test_code_expires_after_the_configured_lifetime() -> None:
    otp = otp_request(mobile=MOBILE)

    lifetime = (otp.expires_at - otp.created_at).total_seconds()
    assert abs(lifetime - settings.CHATR_OTP_TTL_SECONDS) < 1


def test_every_spelling_of_a_number_is_the_same_number_for_the_resend_limit() -> None:
    otp_request(mobile="0912 345 6789")

    with pytest.raises(ApplicationError) as excinfo:
        otp_request(mobile="+98 912 345 6789")

    assert refusal(excinfo) == "otp_too_soon"
    assert excinfo.value.status == 429
    assert SmsMessage.objects.filter(to=MOBILE).count() == 1


def test_invalid_mobile_is_refused_before_any_code_is_made_or_sent() -> None:
    with pytest.raises(ValidationError):
        otp_request(mobile="12345")

    assert not OneTimeCode.objects.exists()
    assert not SmsMessage.objects.exists()


def test_wrong_code_is_counted_in_the_database_even_though_verify_raises() -> None:
    otp = otp_request(mobile=MOBILE)

    with pytest.raises(ApplicationError) as excinfo:
        otp_verify(mobile=MOBILE, code=other_code(last_code()))

    otp.refresh_from_db()
    assert refusal(excinfo) == "otp_wrong"
    assert otp.attempts == 1
    assert otp.used_at is None


def test_code_in_persian_digits_with_spaces_verifies() -> None:
    otp_request(mobile=MOBILE)
    persian = last_code().translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))

    assert otp_verify(mobile="09123456789", code=f" {persian} ") == MOBILE


def test_a_code_can_be_used_only_once() -> None:
    otp_request(mobile=MOBILE)
    code = last_code()
    otp_verify(mobile=MOBILE, code=code)

    with pytest.raises(ApplicationError) as excinfo:
        otp_verify(mobile=MOBILE, code=code)

    assert refusal(excinfo) == "otp_expired"


def test_a_newer_code_replaces_the_older_one(clock) -> None:
    otp_request(mobile=MOBILE)
    first = last_code()
    clock.advance(settings.CHATR_OTP_RESEND_SECONDS + 1)
    otp_request(mobile=MOBILE)
    second = last_code()
    if first == second:  # one chance in a million
        pytest.skip("both random codes happened to be equal")

    with pytest.raises(ApplicationError):
        otp_verify(mobile=MOBILE, code=first)
    assert otp_verify(mobile=MOBILE, code=second) == MOBILE


def test_a_code_sent_for_another_purpose_does_not_sign_in() -> None:
    otp_request(mobile=MOBILE, purpose="counter_confirm")

    with pytest.raises(ApplicationError) as excinfo:
        otp_verify(mobile=MOBILE, code=last_code(), purpose="sign_in")

    assert refusal(excinfo) == "otp_expired"


def test_a_code_is_bound_to_the_number_it_was_sent_to() -> None:
    otp_request(mobile=MOBILE)
    otp_request(mobile="+989350000000")

    with pytest.raises(ApplicationError):
        otp_verify(mobile="+989350000000", code=last_code(MOBILE))


# Citizen sign-in


def test_returning_citizen_is_signed_in_to_the_same_account(world, http_request) -> None:
    otp_request(mobile=world.citizen.mobile)

    user = citizen_sign_in(
        request=http_request, mobile=world.citizen.mobile, code=last_code(world.citizen.mobile)
    )

    assert user.pk == world.citizen.pk
    assert User.objects.filter(mobile=world.citizen.mobile).count() == 1
    assert http_request.session[SESSION_KEY] == str(world.citizen.pk)
    assert not AuditEvent.objects.filter(action="create", target_id=str(user.pk)).exists()
    assert AuditEvent.objects.filter(action="sign_in", actor=user).exists()


def test_first_sign_in_creates_the_account_and_audits_it(http_request) -> None:
    otp_request(mobile=MOBILE)

    user = citizen_sign_in(request=http_request, mobile=MOBILE, code=last_code())

    assert AuditEvent.objects.filter(action="create", target_id=str(user.pk)).exists()
    assert AuditEvent.objects.get(action="sign_in", actor=user).changes == {"method": "otp"}


def test_disabled_citizen_is_not_signed_in(world, http_request) -> None:
    User.objects.filter(pk=world.citizen.pk).update(is_active=False)
    otp_request(mobile=world.citizen.mobile)

    with pytest.raises(ApplicationError) as excinfo:
        citizen_sign_in(
            request=http_request, mobile=world.citizen.mobile, code=last_code(world.citizen.mobile)
        )

    assert refusal(excinfo) == "account_inactive"
    assert SESSION_KEY not in http_request.session


def test_staff_account_cannot_be_entered_with_an_sms_code(world, http_request) -> None:
    """An SMS code must not stand in for a staff password (and its lockout)."""
    sysadmin = world.sysadmin
    User.objects.filter(pk=sysadmin.pk).update(mobile="+989350001122")
    otp_request(mobile="+989350001122")

    with pytest.raises(ApplicationError) as excinfo:
        citizen_sign_in(
            request=http_request, mobile="+989350001122", code=last_code("+989350001122")
        )

    assert refusal(excinfo) == "staff_use_password"
    assert SESSION_KEY not in http_request.session


# Staff sign-in


def test_success_resets_the_failure_count(world, http_request) -> None:
    almost = settings.CHATR_LOCKOUT_THRESHOLD - 1
    for _ in range(almost):
        with pytest.raises(ApplicationError):
            staff_sign_in(request=http_request, username="hq_officer", password="wrong")

    staff_sign_in(request=http_request, username="hq_officer", password=PASSWORD)

    assert User.objects.get(username="hq_officer").failed_sign_ins == 0
    for _ in range(almost):
        with pytest.raises(ApplicationError) as excinfo:
            staff_sign_in(request=http_request, username="hq_officer", password="wrong")
        assert refusal(excinfo) == "sign_in_failed"


def test_spaces_around_the_username_are_ignored(world, http_request) -> None:
    user = staff_sign_in(request=http_request, username="  hq_officer ", password=PASSWORD)

    assert user.pk == world.hq_officer.pk


def test_disabled_staff_account_is_refused_like_a_wrong_password(world, http_request) -> None:
    User.objects.filter(pk=world.hq_officer.pk).update(is_active=False)

    with pytest.raises(ApplicationError) as excinfo:
        staff_sign_in(request=http_request, username="hq_officer", password=PASSWORD)

    assert refusal(excinfo) == "sign_in_failed"
    assert SESSION_KEY not in http_request.session


def test_lock_message_is_given_in_persian_and_english(world, http_request) -> None:
    for _ in range(settings.CHATR_LOCKOUT_THRESHOLD - 1):
        with pytest.raises(ApplicationError):
            staff_sign_in(request=http_request, username="hq_officer", password="wrong")

    with pytest.raises(ApplicationError) as excinfo:
        staff_sign_in(request=http_request, username="hq_officer", password="wrong")

    error = excinfo.value.as_dict()
    assert (excinfo.value.code, excinfo.value.status) == ("sign_in_locked", 429)
    assert error["message_fa"]
    assert str(settings.CHATR_LOCKOUT_SECONDS // 60) in error["message_en"]
