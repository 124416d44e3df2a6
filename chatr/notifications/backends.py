"""SMS backends: where a message goes once the outbox hands it over.

A backend only delivers; the outbox row, attempts and retries belong to services.sms_deliver.
Nothing here may log or raise text that contains the provider URL (Kavenegar puts the API key
in the path) or a full mobile number.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any, Final, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from chatr.core.phone import mask_mobile

logger = logging.getLogger("chatr.sms")


class SmsDeliveryError(Exception):
    """The backend could not deliver; `retryable` says whether trying again later may help."""

    def __init__(self, retryable: bool, reason: str) -> None:
        super().__init__(reason)
        self.retryable = retryable
        self.reason = reason


class SmsBackend(Protocol):
    """What services.sms_deliver needs from a backend."""

    name: str

    def send(self, *, to: str, text: str, message_id: int | None = None) -> str:
        """Deliver text to the E.164 number `to`; return the provider's message id.

        `message_id` is the outbox row, for backends that can use it as a reference.
        Raise SmsDeliveryError on failure.
        """
        ...


class OutboxBackend:
    """Delivers nowhere: the outbox table and one masked console line are the whole delivery.

    Development and the demo read one-time codes from this line (or from the outbox).
    """

    name = "outbox"

    def send(self, *, to: str, text: str, message_id: int | None = None) -> str:
        reference = str(message_id) if message_id is not None else uuid.uuid4().hex[:12]
        provider_id = f"outbox-{reference}"
        line = f"SMS to {mask_mobile(to)} [{provider_id}]: {text}"
        logger.info("%s", line)
        # The console line is this backend's delivery channel (the demo reads codes from it).
        print(line, flush=True)
        return provider_id


def _local_mobile(e164: str) -> str:
    """Return +989123456789 as 09123456789, the form Kavenegar's receptor expects."""
    if e164.startswith("+98"):
        return "0" + e164[3:]
    return e164


# Kavenegar answers with the same code in the HTTP status and in return.status. These mean
# "not now" (409: server cannot answer, try later; 429/451: too many requests); every other
# 4xx (400 bad parameters, 401 account disabled, 403 bad API key, 411 bad receptor, 412 bad
# sender, 418 no credit, …) will fail the same way again, so it is final.
_RETRYABLE_STATUSES: Final = frozenset({408, 409, 425, 429, 451})
_REASON_MAX: Final = 200


def _is_retryable(status: int) -> bool:
    return status >= 500 or status in _RETRYABLE_STATUSES


class KavenegarBackend:
    """Sends through Kavenegar's REST API, POST /v1/{api_key}/sms/send.json (stdlib only)."""

    name = "kavenegar"
    timeout_seconds: Final = 10.0

    def __init__(
        self,
        *,
        api_key: str | None = None,
        sender: str | None = None,
        base_url: str | None = None,
    ) -> None:
        self.api_key = settings.SMS_KAVENEGAR_API_KEY if api_key is None else api_key
        self.sender = settings.SMS_KAVENEGAR_SENDER if sender is None else sender
        self.base_url = settings.SMS_KAVENEGAR_BASE_URL if base_url is None else base_url
        self.base_url = self.base_url.rstrip("/")

    def _url(self) -> str:
        # Holds the API key: build it here, use it for the request, never log or store it.
        key = urllib.parse.quote(self.api_key, safe="")
        return f"{self.base_url}/v1/{key}/sms/send.json"

    def _safe(self, text: str, to: str) -> str:
        """Cut provider text short and strip the API key and the number from it."""
        text = text[:_REASON_MAX]
        for secret in (self.api_key, to, _local_mobile(to), to.lstrip("+")):
            if secret:
                text = text.replace(secret, "***")
        return text

    def send(self, *, to: str, text: str, message_id: int | None = None) -> str:
        if not self.api_key:
            raise SmsDeliveryError(False, "kavenegar: SMS_KAVENEGAR_API_KEY is not set")
        fields = {"receptor": _local_mobile(to), "message": text}
        if self.sender:
            fields["sender"] = self.sender
        body = urllib.parse.urlencode(fields).encode()
        try:
            request = urllib.request.Request(  # noqa: S310 - the scheme is checked below
                self._url(),
                data=body,
                method="POST",
                headers={
                    "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                    "Accept": "application/json",
                },
            )
            if request.type not in {"http", "https"}:
                raise SmsDeliveryError(False, "kavenegar: SMS_KAVENEGAR_BASE_URL is not http(s)")
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:  # noqa: S310
                payload = self._parse(response.read())
        except SmsDeliveryError:
            raise
        except urllib.error.HTTPError as error:
            # Kavenegar explains 4xx answers in the JSON body; read it but keep only the code
            # and its message. `from None` keeps the URL-bearing exception out of tracebacks.
            status, detail = error.code, ""
            try:
                parsed = self._parse(error.read())
                status = int(parsed.get("return", {}).get("status", status))
                detail = str(parsed.get("return", {}).get("message", ""))
            except (SmsDeliveryError, OSError, ValueError, TypeError, AttributeError):
                pass
            finally:
                error.close()
            raise SmsDeliveryError(
                _is_retryable(error.code) or _is_retryable(status),
                self._safe(f"kavenegar: HTTP {error.code} status {status} {detail}".strip(), to),
            ) from None
        except TimeoutError:
            raise SmsDeliveryError(True, "kavenegar: timed out") from None
        except urllib.error.URLError as error:
            reason = error.reason if isinstance(error.reason, str) else type(error.reason).__name__
            raise SmsDeliveryError(
                True, self._safe(f"kavenegar: connection error {reason}", to)
            ) from None
        except ValueError as error:
            # A malformed SMS_KAVENEGAR_BASE_URL: the message would quote the URL (and the key),
            # so report only the error type. Trying again cannot help.
            raise SmsDeliveryError(False, f"kavenegar: bad URL ({type(error).__name__})") from None
        except OSError as error:
            raise SmsDeliveryError(True, f"kavenegar: {type(error).__name__}") from None

        result = payload.get("return") or {}
        answer = result.get("status")
        if answer != 200:
            code = answer if isinstance(answer, int) else 0
            detail = str(result.get("message", ""))
            raise SmsDeliveryError(
                code == 0 or _is_retryable(code),
                self._safe(f"kavenegar: status {answer} {detail}".strip(), to),
            )
        try:
            provider_id = str(payload["entries"][0]["messageid"])
        except (KeyError, IndexError, TypeError):
            # Accepted but unreadable: sending again could deliver twice, so do not retry.
            raise SmsDeliveryError(False, "kavenegar: accepted without a message id") from None
        logger.info("SMS to %s sent by kavenegar as %s", mask_mobile(to), provider_id)
        return provider_id

    @staticmethod
    def _parse(raw: bytes) -> dict[str, Any]:
        try:
            payload = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise SmsDeliveryError(True, "kavenegar: answer is not JSON") from None
        if not isinstance(payload, dict):
            raise SmsDeliveryError(True, "kavenegar: answer is not a JSON object")
        return payload


BACKENDS: Final[dict[str, type[SmsBackend]]] = {
    OutboxBackend.name: OutboxBackend,
    KavenegarBackend.name: KavenegarBackend,
}


def get_backend(name: str | None = None) -> SmsBackend:
    """Return the backend called `name`, by default the one settings.SMS_BACKEND names."""
    name = name or settings.SMS_BACKEND
    try:
        backend_class = BACKENDS[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"SMS_BACKEND must be one of {', '.join(sorted(BACKENDS))}, not {name!r}."
        ) from None
    return backend_class()
