"""Sign-in services: staff password with lockout, citizen mobile + one-time SMS code."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from chatr.accounts.models import OneTimeCode, User
from chatr.audit.services import audit_record
from chatr.core.errors import ApplicationError, lazy_message
from chatr.core.phone import normalize_mobile
from chatr.notifications.services import sms_send

OTP_BACKEND = "chatr.accounts.backends.MobileOneTimeCodeBackend"
STAFF_BACKEND = "chatr.accounts.backends.StaffPasswordBackend"


def _bad_credentials() -> ApplicationError:
    return ApplicationError(
        "sign_in_failed",
        _("The username or password is not correct."),
        fields={"password": _("Check your username and password and try again.")},
    )


def _locked() -> ApplicationError:
    minutes = max(1, settings.CHATR_LOCKOUT_SECONDS // 60)
    return ApplicationError(
        "sign_in_locked",
        lazy_message(
            ngettext_lazy(
                "Too many failed attempts. Try again in %(minutes)d minute.",
                "Too many failed attempts. Try again in %(minutes)d minutes.",
                minutes,
            ),
            minutes=minutes,
        ),
        status=429,
    )


def staff_sign_in(*, request: HttpRequest, username: str, password: str) -> User:
    """Check a staff password, counting failures; lock the account after too many."""
    username = username.strip()
    now = timezone.now()
    user = User.objects.filter(username=username, is_staff=True).first()
    # Unknown usernames are counted in the cache so they lock exactly like real ones and an
    # attacker cannot tell which usernames exist.
    ghost_key = f"sign-in-failures:{salted_hmac('lockout', username).hexdigest()}"
    if user is not None and user.locked_until and user.locked_until > now:
        raise _locked()
    if user is None and cache.get(ghost_key, 0) >= settings.CHATR_LOCKOUT_THRESHOLD:
        raise _locked()

    authenticated = authenticate(request, username=username, password=password)
    if authenticated is None:
        if user is None:
            failures = cache.get(ghost_key, 0) + 1
            cache.set(ghost_key, failures, settings.CHATR_LOCKOUT_SECONDS)
            # The failure that reaches the threshold answers "locked", as for a real account.
            if failures >= settings.CHATR_LOCKOUT_THRESHOLD:
                raise _locked()
            raise _bad_credentials()
        _record_failure(user=user, now=now)
        user.refresh_from_db(fields=["locked_until"])
        if user.locked_until and user.locked_until > now:
            raise _locked()
        raise _bad_credentials()

    User.objects.filter(pk=authenticated.pk).update(failed_sign_ins=0, locked_until=None)
    login(request, authenticated, backend=STAFF_BACKEND)
    audit_record(
        actor=authenticated, action="sign_in", target=authenticated, changes={"method": "password"}
    )
    return authenticated


@transaction.atomic
def _record_failure(*, user: User, now: Any) -> None:
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.failed_sign_ins += 1
    if locked.failed_sign_ins >= settings.CHATR_LOCKOUT_THRESHOLD:
        locked.locked_until = now + timedelta(seconds=settings.CHATR_LOCKOUT_SECONDS)
        locked.failed_sign_ins = 0
        audit_record(actor=None, action="lockout", target=locked, changes={})
    locked.save(update_fields=["failed_sign_ins", "locked_until"])


def sign_out(*, request: HttpRequest) -> None:
    """End the session."""
    logout(request)


def _hash_code(mobile: str, purpose: str, code: str) -> str:
    return salted_hmac(f"otp:{purpose}", f"{mobile}:{code}").hexdigest()


@transaction.atomic
def otp_request(
    *,
    mobile: str,
    purpose: str = "sign_in",
    message: Any = None,
    params: dict[str, Any] | None = None,
) -> OneTimeCode:
    """Send a fresh 6-digit code by SMS, within resend and hourly limits. `message` (a lazy
    msgid with %(code)s and `params`) replaces the sign-in text for other purposes."""
    mobile = normalize_mobile(mobile)
    now = timezone.now()
    recent = OneTimeCode.objects.filter(
        mobile=mobile, purpose=purpose, created_at__gte=now - timedelta(hours=1)
    )
    last = recent.order_by("-created_at").first()
    if last and (now - last.created_at).total_seconds() < settings.CHATR_OTP_RESEND_SECONDS:
        wait = settings.CHATR_OTP_RESEND_SECONDS - int((now - last.created_at).total_seconds())
        raise ApplicationError(
            "otp_too_soon",
            lazy_message(
                ngettext_lazy(
                    "A code was just sent. You can ask for a new one in %(seconds)d second.",
                    "A code was just sent. You can ask for a new one in %(seconds)d seconds.",
                    wait,
                ),
                seconds=wait,
            ),
            status=429,
        )
    if recent.count() >= settings.CHATR_OTP_MAX_PER_HOUR:
        raise ApplicationError(
            "otp_too_many",
            _("Too many codes were requested for this number. Try again in an hour."),
            status=429,
        )
    code = f"{secrets.randbelow(10**6):06d}"
    otp = OneTimeCode.objects.create(
        mobile=mobile,
        purpose=purpose,
        code_hash=_hash_code(mobile, purpose, code),
        expires_at=now + timedelta(seconds=settings.CHATR_OTP_TTL_SECONDS),
    )
    # SMS goes out in Persian, the language every handset here displays.
    with translation.override("fa"):
        template = message or _("Chatr code: %(code)s. Do not share it with anyone.")
        text = str(template) % {**(params or {}), "code": code}
    sms_send(to=mobile, text=str(text), purpose=f"otp_{purpose}")
    return otp


def otp_verify(*, mobile: str, code: str, purpose: str = "sign_in") -> str:
    """Consume the latest code for this number; return the normalized mobile.

    A wrong code is counted even though the call raises: the count is committed before the
    error leaves this function. Do not call it inside a transaction that is rolled back on
    error, or wrong guesses would go uncounted.
    """
    from chatr.core.text import normalize_identifier

    mobile = normalize_mobile(mobile)
    code = normalize_identifier(code)
    error = _otp_consume(mobile=mobile, code=code, purpose=purpose)
    if error is not None:
        raise error
    return mobile


@transaction.atomic
def _otp_consume(*, mobile: str, code: str, purpose: str) -> ApplicationError | None:
    """Check `code` against the latest unused code; mark it used or count the wrong attempt.

    Returns the refusal instead of raising it, so the attempt count is committed with it.
    """
    otp = (
        OneTimeCode.objects.select_for_update()
        .filter(mobile=mobile, purpose=purpose, used_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    now = timezone.now()
    if otp is None or otp.expires_at <= now:
        message = _("This code has expired or was never sent. Ask for a new code.")
        # The page shows field messages in place of the general one: give the full reason.
        return ApplicationError("otp_expired", message, fields={"code": message})
    if otp.attempts >= settings.CHATR_OTP_MAX_ATTEMPTS:
        message = _("Too many wrong codes. Ask for a new code.")
        return ApplicationError("otp_locked", message, fields={"code": message}, status=429)
    if not constant_time_compare(otp.code_hash, _hash_code(mobile, purpose, code)):
        otp.attempts += 1
        otp.save(update_fields=["attempts"])
        left = settings.CHATR_OTP_MAX_ATTEMPTS - otp.attempts
        if left <= 0:
            message = _("The code is not correct, and no tries are left. Ask for a new code.")
            return ApplicationError("otp_locked", message, fields={"code": message}, status=429)
        message = lazy_message(
            ngettext_lazy(
                "The code is not correct. You have %(left)d more try.",
                "The code is not correct. You have %(left)d more tries.",
                left,
            ),
            left=left,
        )
        return ApplicationError("otp_wrong", message, fields={"code": message})
    otp.used_at = now
    otp.save(update_fields=["used_at"])
    return None


def citizen_sign_in(*, request: HttpRequest, mobile: str, code: str) -> User:
    """Verify the SMS code and sign the citizen in, creating their account the first time."""
    mobile = otp_verify(mobile=mobile, code=code, purpose="sign_in")
    user, created = User.objects.get_or_create(mobile=mobile, defaults={"is_staff": False})
    if not user.is_active:
        raise ApplicationError("account_inactive", _("This account is disabled."))
    # A staff account may carry a mobile too; an SMS code must not replace its password
    # (and the password's lockout).
    if user.is_staff:
        raise ApplicationError(
            "staff_use_password",
            _("This is a staff account. Sign in with your username and password."),
        )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        audit_record(actor=user, action="create", target=user, changes={"via": "otp"})
    login(request, user, backend=OTP_BACKEND)
    audit_record(actor=user, action="sign_in", target=user, changes={"method": "otp"})
    return user


# ---------------------------------------------------------------- consent codes

CONSENT_PURPOSE = "counter_consent"


def consent_code_send(*, mobile: str, counter_name: str, service_title: str) -> OneTimeCode:
    """Send a citizen a one-time code that lets a counter operator file a request for them:
    the sign-in code's machinery (hashed, short-lived, attempt and resend limits) under its
    own purpose, so it never signs anyone in."""
    return otp_request(
        mobile=mobile,
        purpose=CONSENT_PURPOSE,
        message=_(
            "Chatr consent code: %(code)s. Give it to the operator at %(counter)s only if you "
            "asked them to file “%(service)s” for you."
        ),
        params={"counter": counter_name, "service": service_title},
    )


def consent_code_verify(*, mobile: str, code: str) -> str:
    """Consume the latest consent code of this number (wrong tries are counted and committed,
    as for sign-in: never call it inside a transaction rolled back on error)."""
    return otp_verify(mobile=mobile, code=code, purpose=CONSENT_PURPOSE)


def citizen_account_ensure(*, mobile: str, full_name: str = "") -> User:
    """The citizen account of a verified mobile, created the way sign-in creates it (no
    password); a staff or disabled account is refused."""
    mobile = normalize_mobile(mobile)
    user, created = User.objects.get_or_create(
        mobile=mobile, defaults={"is_staff": False, "full_name": full_name}
    )
    if user.is_staff or not user.is_active:
        raise ApplicationError(
            "account_unusable",
            _("The account of this mobile number cannot be used for a citizen's request."),
        )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        audit_record(actor=None, action="create", target=user, changes={"via": "counter"})
    elif full_name and not user.full_name:
        user.full_name = full_name
        user.save(update_fields=["full_name"])
    return user
