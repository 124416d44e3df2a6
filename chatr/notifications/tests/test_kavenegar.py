"""The Kavenegar backend against a local fake of Kavenegar's REST API."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest

from chatr.notifications.backends import KavenegarBackend, SmsDeliveryError
from chatr.notifications.choices import SmsStatus
from chatr.notifications.services import sms_send

API_KEY = "test-key"
MOBILE = "+989123456789"
FULL_SPELLINGS = ("+989123456789", "09123456789", "989123456789")


def accepted(message_id: int = 8792343) -> tuple[int, dict[str, Any]]:
    return 200, {
        "return": {"status": 200, "message": "تایید شد"},
        "entries": [
            {
                "messageid": message_id,
                "message": "...",
                "status": 1,
                "statustext": "در صف ارسال",
                "sender": "10004346",
                "receptor": "09123456789",
                "date": 1356619709,
                "cost": 120,
            }
        ],
    }


def refused(status: int, message: str = "خطا") -> tuple[int, dict[str, Any]]:
    return status, {"return": {"status": status, "message": message}, "entries": None}


@dataclass
class FakeKavenegar:
    """Answers with the queued responses in order, repeating the last; records every request."""

    base_url: str = ""
    responses: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    delay_seconds: float = 0.0

    def next_response(self) -> tuple[int, dict[str, Any]]:
        return self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]


@pytest.fixture
def fake_kavenegar() -> Iterator[FakeKavenegar]:
    fake = FakeKavenegar()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode()
            fake.requests.append(
                {
                    "path": self.path,
                    "content_type": self.headers.get("Content-Type", ""),
                    "fields": {k: v[0] for k, v in parse_qs(body, strict_parsing=True).items()},
                }
            )
            if fake.delay_seconds:
                time.sleep(fake.delay_seconds)
            status, payload = fake.next_response()
            data = json.dumps(payload, ensure_ascii=False).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    host, port = server.server_address[:2]
    fake.base_url = f"http://{host}:{port}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def kavenegar(settings, fake_kavenegar: FakeKavenegar) -> FakeKavenegar:
    settings.SMS_BACKEND = "kavenegar"
    settings.SMS_KAVENEGAR_BASE_URL = fake_kavenegar.base_url
    settings.SMS_KAVENEGAR_API_KEY = API_KEY
    settings.SMS_KAVENEGAR_SENDER = "10004346"
    settings.SMS_MAX_ATTEMPTS = 5
    return fake_kavenegar


def send_and_deliver(capture) -> Any:
    with capture(execute=True):
        message = sms_send(to=MOBILE, text="کد ورود شما: 123456", purpose="otp")
    message.refresh_from_db()
    return message


@pytest.mark.django_db
def test_accepted_message_is_sent_with_the_provider_message_id(
    kavenegar, django_capture_on_commit_callbacks
):
    kavenegar.responses = [accepted(8792343)]

    message = send_and_deliver(django_capture_on_commit_callbacks)

    assert message.status == SmsStatus.SENT
    assert message.backend == "kavenegar"
    assert message.attempts == 1
    assert message.provider_message_id == "8792343"
    assert message.sent_at is not None
    assert kavenegar.requests == [
        {
            "path": f"/v1/{API_KEY}/sms/send.json",
            "content_type": "application/x-www-form-urlencoded; charset=utf-8",
            "fields": {
                "receptor": "09123456789",
                "message": "کد ورود شما: 123456",
                "sender": "10004346",
            },
        }
    ]


@pytest.mark.django_db
def test_sender_is_left_out_when_not_configured(
    kavenegar, settings, django_capture_on_commit_callbacks
):
    settings.SMS_KAVENEGAR_SENDER = ""
    kavenegar.responses = [accepted()]

    send_and_deliver(django_capture_on_commit_callbacks)

    assert set(kavenegar.requests[0]["fields"]) == {"receptor", "message"}


@pytest.mark.django_db
def test_server_error_is_retried_and_the_second_attempt_sends(
    kavenegar, django_capture_on_commit_callbacks
):
    kavenegar.responses = [refused(500, "server error"), accepted(42)]

    message = send_and_deliver(django_capture_on_commit_callbacks)

    assert len(kavenegar.requests) == 2
    assert message.status == SmsStatus.SENT
    assert message.attempts == 2
    assert message.provider_message_id == "42"
    assert "500" in message.last_error
    assert API_KEY not in message.last_error


@pytest.mark.django_db
def test_rejected_api_key_fails_after_one_attempt(kavenegar, django_capture_on_commit_callbacks):
    kavenegar.responses = [refused(401, "account disabled")]

    message = send_and_deliver(django_capture_on_commit_callbacks)

    assert len(kavenegar.requests) == 1
    assert message.status == SmsStatus.FAILED
    assert message.attempts == 1
    assert message.next_attempt_at is None
    assert "401" in message.last_error
    assert API_KEY not in message.last_error


@pytest.mark.django_db
def test_refusal_inside_a_200_answer_is_final(kavenegar, django_capture_on_commit_callbacks):
    # Kavenegar may answer HTTP 200 with a refusal in return.status (418: not enough credit).
    kavenegar.responses = [(200, refused(418, "credit")[1])]

    message = send_and_deliver(django_capture_on_commit_callbacks)

    assert len(kavenegar.requests) == 1
    assert message.status == SmsStatus.FAILED
    assert "418" in message.last_error


@pytest.mark.django_db
def test_persistent_server_errors_stop_at_max_attempts(
    kavenegar, django_capture_on_commit_callbacks
):
    kavenegar.responses = [refused(502, "bad gateway")]

    message = send_and_deliver(django_capture_on_commit_callbacks)

    assert len(kavenegar.requests) == 5
    assert message.status == SmsStatus.FAILED
    assert message.attempts == 5
    assert message.next_attempt_at is None
    assert API_KEY not in message.last_error


@pytest.mark.django_db
def test_max_attempts_follows_the_setting(kavenegar, settings, django_capture_on_commit_callbacks):
    settings.SMS_MAX_ATTEMPTS = 2
    kavenegar.responses = [refused(503, "unavailable")]

    message = send_and_deliver(django_capture_on_commit_callbacks)

    assert len(kavenegar.requests) == 2
    assert message.status == SmsStatus.FAILED
    assert message.attempts == 2


@pytest.mark.django_db
def test_provider_text_echoing_the_api_key_and_number_is_not_stored_or_logged(
    kavenegar, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.DEBUG)
    kavenegar.responses = [refused(403, f"apikey {API_KEY} invalid for 09123456789")]

    message = send_and_deliver(django_capture_on_commit_callbacks)

    assert message.status == SmsStatus.FAILED
    assert "403" in message.last_error
    for secret in (API_KEY, *FULL_SPELLINGS):
        assert secret not in message.last_error
        assert secret not in caplog.text


@pytest.mark.django_db
def test_successful_send_logs_no_url_key_or_full_number(
    kavenegar, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.DEBUG)
    kavenegar.responses = [accepted()]

    send_and_deliver(django_capture_on_commit_callbacks)

    assert "0912***6789" in caplog.text
    for secret in (API_KEY, "/sms/send.json", *FULL_SPELLINGS):
        assert secret not in caplog.text


@pytest.mark.django_db
def test_unreachable_provider_is_retried_until_max_attempts(
    settings, django_capture_on_commit_callbacks
):
    # A port that was free a moment ago: the connection is refused.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.SMS_BACKEND = "kavenegar"
    settings.SMS_KAVENEGAR_BASE_URL = f"http://127.0.0.1:{port}"
    settings.SMS_KAVENEGAR_API_KEY = API_KEY
    settings.SMS_MAX_ATTEMPTS = 3

    message = send_and_deliver(django_capture_on_commit_callbacks)

    assert message.status == SmsStatus.FAILED
    assert message.attempts == 3
    assert "connection error" in message.last_error
    assert API_KEY not in message.last_error


@pytest.mark.django_db
def test_slow_provider_times_out_and_is_retried(
    kavenegar, settings, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(KavenegarBackend, "timeout_seconds", 0.2)
    settings.SMS_MAX_ATTEMPTS = 2
    kavenegar.delay_seconds = 1.0
    kavenegar.responses = [accepted()]

    message = send_and_deliver(django_capture_on_commit_callbacks)

    assert len(kavenegar.requests) == 2
    assert message.status == SmsStatus.FAILED
    assert message.attempts == 2
    assert "timed out" in message.last_error


@pytest.mark.django_db
def test_missing_api_key_fails_without_calling_the_provider(
    kavenegar, settings, django_capture_on_commit_callbacks
):
    settings.SMS_KAVENEGAR_API_KEY = ""
    kavenegar.responses = [accepted()]

    message = send_and_deliver(django_capture_on_commit_callbacks)

    assert kavenegar.requests == []
    assert message.status == SmsStatus.FAILED
    assert message.attempts == 1


def test_malformed_base_url_error_never_quotes_the_url():
    backend = KavenegarBackend(api_key=API_KEY, sender="", base_url="nonsense")

    with pytest.raises(SmsDeliveryError) as caught:
        backend.send(to=MOBILE, text="hi")

    assert caught.value.retryable is False
    assert API_KEY not in str(caught.value)
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__
