"""Webhook transport: Standard Webhooks signatures, HTTP outcomes, retry schedule, payloads and the demo receiver.

The transport tests run against a real local HTTP server (pytest-httpserver) and check signatures with the
reference ``standardwebhooks`` library on the bytes the server actually received, as a contractor would.
None of these tests touch the database.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import hashlib
import hmac
import io
import pickle
import random
import re
import socket
import threading
import time
import uuid
import zoneinfo
from collections.abc import Iterator

import pytest
import requests
import requests.adapters
import standardwebhooks
import urllib3.response
from django.core.management import CommandError, call_command
from django.utils import translation
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from maintenance import webhooks
from maintenance.management.commands import webhook_receiver
from maintenance.webhooks import (
    MAX_ATTEMPTS,
    RETRY_DELAYS_SECONDS,
    DeliveryError,
    DeliveryResult,
    HttpTransport,
    event_payload,
    generate_secret,
    next_retry_delay,
    sign,
    verify,
)

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
OTHER_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"


def order_body(order_id: int = 1) -> bytes:
    """An order event shaped like the portal's (maintenance.representations.OrderRows)."""
    return event_payload(
        event_type="order.created",
        data={
            "id": order_id,
            "status": "issued",
            "title": "暴雨黄色预警 · 暴雨·排水防涝 · 泉西路游园",
            "irrigation": {"volume_m3": decimal.Decimal("1200.50")},
        },
        timestamp=datetime.datetime.now(datetime.UTC),
    )


def signed(body: bytes, *, secret: str = SECRET, message_id: str = "msg_2kW7cQ1") -> dict[str, str]:
    return sign(secret=secret, message_id=message_id, timestamp=datetime.datetime.now(datetime.UTC), body=body)


def deliver(url: str, body: bytes | None = None, **transport_options: float) -> DeliveryResult:
    body = order_body() if body is None else body
    return HttpTransport(**transport_options).send(url=url, body=body, headers=signed(body))


def unused_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- Signatures ------------------------------------------------------------------------------------------------


def test_a_signed_delivery_verifies_with_standardwebhooks(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hooks/yq", method="POST").respond_with_data("ok")
    body = order_body()
    HttpTransport().send(url=httpserver.url_for("/hooks/yq"), body=body, headers=signed(body))

    received, _response = httpserver.log[0]
    payload = standardwebhooks.Webhook(SECRET).verify(received.get_data(), dict(received.headers))
    assert payload["type"] == "order.created"
    assert payload["data"]["irrigation"] == {"volume_m3": "1200.50"}
    assert payload["data"]["title"].endswith("泉西路游园")
    assert received.headers["webhook-id"] == "msg_2kW7cQ1"
    assert received.headers["content-type"] == "application/json"
    assert received.headers["user-agent"] == "YangquanGreening-Webhooks/1"


def test_a_tampered_body_fails_verification(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hooks/yq").respond_with_data("ok")
    deliver(httpserver.url_for("/hooks/yq"))
    received, _response = httpserver.log[0]
    tampered = received.get_data().replace(b"1200.50", b"9200.50")
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        standardwebhooks.Webhook(SECRET).verify(tampered, dict(received.headers))


def test_a_wrong_secret_fails_verification(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hooks/yq").respond_with_data("ok")
    deliver(httpserver.url_for("/hooks/yq"))
    received, _response = httpserver.log[0]
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        standardwebhooks.Webhook(OTHER_SECRET).verify(received.get_data(), dict(received.headers))


def test_the_signature_is_the_spec_hmac_of_id_timestamp_and_body() -> None:
    body = b'{"type":"ping"}'
    moment = datetime.datetime(2025, 7, 15, 9, 30, 5, 900000, tzinfo=datetime.UTC)
    headers = sign(secret=SECRET, message_id="msg_1", timestamp=moment, body=body)
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, b'msg_1.1752571805.{"type":"ping"}', hashlib.sha256).digest())
    assert headers == {
        "webhook-id": "msg_1",
        "webhook-timestamp": "1752571805",
        "webhook-signature": "v1," + expected.decode(),
        "content-type": "application/json",
        "user-agent": "YangquanGreening-Webhooks/1",
    }


def test_a_local_time_timestamp_signs_the_same_instant_as_utc() -> None:
    # standardwebhooks' own sign() would treat 17:30 Shanghai as 17:30 UTC; the receiver would refuse it.
    now = datetime.datetime.now(SHANGHAI)
    body = order_body()
    headers = sign(secret=SECRET, message_id="msg_local", timestamp=now, body=body)
    assert headers["webhook-timestamp"] == str(int(now.timestamp()))
    assert standardwebhooks.Webhook(SECRET).verify(body, headers)["type"] == "order.created"
    assert verify(secret=SECRET, headers=headers, body=body)["type"] == "order.created"


def test_a_naive_timestamp_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        sign(secret=SECRET, message_id="msg_1", timestamp=datetime.datetime(2025, 7, 15, 9, 30), body=b"{}")


def test_a_body_that_is_not_utf8_is_refused_before_sending() -> None:
    with pytest.raises(ValueError):
        sign(
            secret=SECRET, message_id="msg_1", timestamp=datetime.datetime.now(datetime.UTC), body="工单".encode("gbk")
        )


def test_a_stale_delivery_fails_verification() -> None:
    body = order_body()
    old = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=10)
    headers = sign(secret=SECRET, message_id="msg_old", timestamp=old, body=body)
    with pytest.raises(standardwebhooks.WebhookVerificationError, match="too old"):
        verify(secret=SECRET, headers=headers, body=body)


@pytest.mark.parametrize("signature", ["garbage", "v1,not base64!", ""])
def test_a_malformed_signature_header_is_a_verification_error_not_a_crash(signature: str) -> None:
    body = order_body()
    headers = {**signed(body), "webhook-signature": signature}
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        verify(secret=SECRET, headers=headers, body=body)


def test_a_generated_secret_starts_with_whsec_and_is_accepted_by_standardwebhooks() -> None:
    secret = generate_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"), validate=True)) == 32
    assert secret != generate_secret()
    body = order_body()
    headers = signed(body, secret=secret)
    assert standardwebhooks.Webhook(secret).verify(body, headers)["type"] == "order.created"


# --- HTTP outcomes ---------------------------------------------------------------------------------------------


def test_a_2xx_answer_is_a_delivery_result_with_latency_and_excerpt(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hooks/yq", method="POST").respond_with_data("已收到工单", status=202)
    result = deliver(httpserver.url_for("/hooks/yq"))
    assert result.status_code == 202
    assert result.response_excerpt == "已收到工单"
    assert isinstance(result.latency_ms, int)
    assert 0 <= result.latency_ms < 5000


def test_the_excerpt_is_500_characters_in_the_declared_charset_without_nul(httpserver: HTTPServer) -> None:
    text = "\x00养护" + "林" * 1000
    httpserver.expect_request("/hooks/yq").respond_with_data(text.encode("gbk"), content_type="text/plain; charset=gbk")
    excerpt = deliver(httpserver.url_for("/hooks/yq")).response_excerpt
    assert len(excerpt) == 500
    assert excerpt.startswith("\ufffd养护林")  # PostgreSQL cannot store NUL in the Delivery row


def test_a_bogus_charset_falls_back_to_utf8(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hooks/yq").respond_with_data("收到".encode(), content_type="text/plain; charset=rot13")
    assert deliver(httpserver.url_for("/hooks/yq")).response_excerpt == "收到"


def test_a_500_answer_is_a_failure_to_retry(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hooks/yq").respond_with_data("database down", status=500)
    with translation.override("en"), pytest.raises(DeliveryError) as caught:
        deliver(httpserver.url_for("/hooks/yq"))
    assert caught.value.status_code == 500
    assert caught.value.gone is False
    assert caught.value.response_excerpt == "database down"
    assert caught.value.latency_ms is not None
    assert "500" in str(caught.value)


@pytest.mark.parametrize("status", [400, 401, 404, 429, 503])
def test_any_other_non_2xx_answer_is_a_failure_to_retry(httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_request("/hooks/yq").respond_with_data("no", status=status)
    with pytest.raises(DeliveryError) as caught:
        deliver(httpserver.url_for("/hooks/yq"))
    assert (caught.value.status_code, caught.value.gone) == (status, False)


def test_a_410_answer_means_the_endpoint_is_gone(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hooks/yq").respond_with_data("endpoint deleted", status=410)
    with pytest.raises(DeliveryError) as caught:
        deliver(httpserver.url_for("/hooks/yq"))
    assert caught.value.gone is True
    assert caught.value.status_code == 410


def test_a_302_redirect_is_a_failure_and_is_not_followed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hooks/old").respond_with_data(
        "", status=302, headers={"Location": httpserver.url_for("/hooks/new")}
    )
    httpserver.expect_request("/hooks/new").respond_with_data("ok")
    with translation.override("en"), pytest.raises(DeliveryError) as caught:
        deliver(httpserver.url_for("/hooks/old"))
    assert caught.value.status_code == 302
    assert caught.value.gone is False
    assert "re-registered" in str(caught.value)
    assert [request.path for request, _response in httpserver.log] == ["/hooks/old"]


def test_a_receiver_that_hangs_fails_with_a_read_timeout(httpserver: HTTPServer) -> None:
    def hang(request: Request) -> Response:
        time.sleep(2)
        return Response("too late")

    httpserver.expect_request("/hooks/yq").respond_with_handler(hang)
    started = time.monotonic()
    with translation.override("en"), pytest.raises(DeliveryError) as caught:
        deliver(httpserver.url_for("/hooks/yq"), read_timeout=0.5)
    assert time.monotonic() - started < 1.5
    assert caught.value.status_code is None
    assert str(caught.value) == "read timed out after 0.5 s"


def test_a_refused_connection_fails_without_a_status() -> None:
    with translation.override("en"), pytest.raises(DeliveryError) as caught:
        deliver(f"http://127.0.0.1:{unused_loopback_port()}/hooks/yq")
    assert caught.value.status_code is None
    assert caught.value.gone is False
    assert "refused" in str(caught.value).lower()


@pytest.mark.parametrize("url", ["ftp://example.cn/hooks", "not a url", "http://"])
def test_an_unusable_url_is_a_delivery_error(url: str) -> None:
    with pytest.raises(DeliveryError) as caught:
        deliver(url)
    assert caught.value.status_code is None


def test_a_header_requests_refuses_is_a_delivery_error_not_a_crash() -> None:
    with pytest.raises(DeliveryError):
        HttpTransport().send(url="http://127.0.0.1:9/", body=b"{}", headers={"webhook-id": "msg\n1"})


@pytest.fixture
def counted_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of every body read the transport makes through urllib3."""
    sizes: list[int] = []
    real_read1 = urllib3.response.HTTPResponse.read1

    def read1(self: urllib3.response.HTTPResponse, *args: object, **kwargs: object) -> bytes:
        chunk = real_read1(self, *args, **kwargs)  # type: ignore[arg-type]
        sizes.append(len(chunk))
        return chunk

    monkeypatch.setattr(urllib3.response.HTTPResponse, "read1", read1)
    return sizes


def test_a_10_mb_answer_is_read_at_most_64_kib(httpserver: HTTPServer, counted_reads: list[int]) -> None:
    # Served from one reused 64 KiB block, so the only large allocation tracemalloc could see is ours.
    block = b"x" * (64 * 1024)
    size = 10 * 1024 * 1024

    def ten_megabytes(request: Request) -> Response:
        chunks = (block for _ in range(size // len(block)))
        return Response(chunks, headers={"Content-Length": str(size)}, direct_passthrough=True)

    httpserver.expect_request("/hooks/yq").respond_with_handler(ten_megabytes)
    result = deliver(httpserver.url_for("/hooks/yq"))
    assert result.status_code == 200
    assert len(result.response_excerpt) == 500
    # What the transport pulled off the socket; the rest of the 10 MB is dropped with the connection.
    # (tracemalloc cannot show this: werkzeug's in-process server allocates a 10 MB drain buffer itself.)
    assert 0 < sum(counted_reads) <= 64 * 1024


class CountingBody(io.BytesIO):
    """A response body that remembers how much of it was read."""

    bytes_read = 0

    def read(self, size: int | None = -1, /) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


class CannedAdapter(requests.adapters.BaseAdapter):
    """A transport adapter that answers every request with a canned body, without a socket."""

    def __init__(self, body: bytes) -> None:
        super().__init__()
        self.body = CountingBody(body)
        self.requests: list[requests.PreparedRequest] = []

    def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:
        self.requests.append(request)
        response = requests.Response()
        response.status_code = 200
        response.raw = self.body
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        pass


def test_a_session_with_another_adapter_is_used_and_still_read_at_most_64_kib() -> None:
    adapter = CannedAdapter(b"ok" + b"x" * (10 * 1024 * 1024))
    session = requests.Session()
    session.mount("https://", adapter)
    body = order_body()
    url = "https://contractor.example.cn/hooks"
    result = HttpTransport(session=session).send(url=url, body=body, headers=signed(body))
    assert [request.body for request in adapter.requests] == [body]
    assert result.response_excerpt.startswith("okxxx")
    assert len(result.response_excerpt) == 500
    assert 0 < adapter.body.bytes_read <= 64 * 1024


def test_a_trickling_answer_is_cut_off_after_one_read_timeout(httpserver: HTTPServer) -> None:
    # Each byte arrives well inside the read timeout, so only the overall deadline stops this receiver.
    def trickle() -> Iterator[bytes]:
        for _ in range(100):
            yield b"."
            time.sleep(0.1)

    httpserver.expect_request("/hooks/yq").respond_with_handler(lambda request: Response(trickle()))
    started = time.monotonic()
    result = deliver(httpserver.url_for("/hooks/yq"), read_timeout=0.5)
    assert time.monotonic() - started < 2
    assert result.status_code == 200
    assert 1 <= len(result.response_excerpt) < 20


def test_a_transport_uses_the_session_it_is_given(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hooks/yq").respond_with_data("ok")
    session = requests.Session()
    session.headers["x-trace"] = "from-the-session"
    body = order_body()
    HttpTransport(session=session).send(url=httpserver.url_for("/hooks/yq"), body=body, headers=signed(body))
    assert httpserver.log[0][0].headers["x-trace"] == "from-the-session"


def test_a_delivery_error_keeps_its_details_through_pickling() -> None:
    error = DeliveryError("gone", status_code=410, latency_ms=12, response_excerpt="bye", gone=True)
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.status_code, copy.latency_ms, copy.response_excerpt, copy.gone) == (
        "gone",
        410,
        12,
        "bye",
        True,
    )


# --- Retry schedule --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("failed_attempts", "seconds"),
    [(1, 5), (2, 300), (3, 1800), (4, 7200), (5, 18000), (6, 36000), (7, 50400), (8, 72000), (9, 86400)],
)
def test_each_failed_attempt_waits_the_svix_delay(failed_attempts: int, seconds: int) -> None:
    assert next_retry_delay(failed_attempts, jitter=0) == datetime.timedelta(seconds=seconds)


def test_jitter_stays_within_ten_percent_and_is_repeatable_with_a_seed() -> None:
    rng = random.Random(20250715)
    for failed_attempts, base in enumerate(RETRY_DELAYS_SECONDS, start=1):
        delays = [next_retry_delay(failed_attempts, rng=rng) for _ in range(200)]
        seconds = [delay.total_seconds() for delay in delays if delay is not None]
        assert len(seconds) == 200
        assert all(base * 0.9 <= value <= base * 1.1 for value in seconds)
        assert max(seconds) - min(seconds) > base * 0.1  # it does spread
    assert next_retry_delay(3, rng=random.Random(1)) == next_retry_delay(3, rng=random.Random(1))


def test_the_schedule_gives_up_after_ten_attempts() -> None:
    assert MAX_ATTEMPTS == 10
    assert next_retry_delay(MAX_ATTEMPTS - 1) is not None
    assert next_retry_delay(MAX_ATTEMPTS) is None
    assert next_retry_delay(MAX_ATTEMPTS + 5) is None


@pytest.mark.parametrize("failed_attempts", [0, -1])
def test_a_retry_delay_before_any_attempt_is_a_value_error(failed_attempts: int) -> None:
    with pytest.raises(ValueError):
        next_retry_delay(failed_attempts)


@pytest.mark.parametrize("jitter", [-0.1, 1.0])
def test_jitter_outside_zero_to_one_is_a_value_error(jitter: float) -> None:
    with pytest.raises(ValueError):
        next_retry_delay(1, jitter=jitter)


# --- Payloads --------------------------------------------------------------------------------------------------


def test_an_event_payload_is_canonical_json_with_decimals_and_datetimes_serialized() -> None:
    body = event_payload(
        event_type="maintenance_order.created",
        timestamp=datetime.datetime(2025, 7, 15, 17, 30, tzinfo=SHANGHAI),
        data={
            "site": "泉西路游园",
            "budget": decimal.Decimal("1200.50"),
            "due": datetime.date(2025, 7, 18),
            "issued_at": datetime.datetime(2025, 7, 15, 17, 29, 59, 250000, tzinfo=SHANGHAI),
            "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        },
    )
    assert (
        body
        == (
            '{"data":{"budget":"1200.50","due":"2025-07-18","id":"12345678-1234-5678-1234-567812345678",'
            '"issued_at":"2025-07-15T09:29:59.250000Z","site":"泉西路游园"},'
            '"timestamp":"2025-07-15T09:30:00Z","type":"maintenance_order.created"}'
        ).encode()
    )


def test_an_event_payload_does_not_depend_on_key_order() -> None:
    moment = datetime.datetime(2025, 7, 15, 9, 30, tzinfo=datetime.UTC)
    first = event_payload(event_type="t", data={"a": 1, "b": {"y": 2, "x": 3}}, timestamp=moment)
    second = event_payload(event_type="t", data={"b": {"x": 3, "y": 2}, "a": 1}, timestamp=moment)
    assert first == second


@pytest.mark.parametrize(
    "data",
    [{"when": datetime.datetime(2025, 7, 15, 9, 30)}, {"ratio": float("nan")}, {"tags": {"a", "b"}}],
    ids=["naive datetime", "NaN", "set"],
)
def test_an_event_payload_refuses_what_json_cannot_say_unambiguously(data: dict[str, object]) -> None:
    with pytest.raises((ValueError, TypeError)):
        event_payload(event_type="t", data=data, timestamp=datetime.datetime.now(datetime.UTC))


# --- Demo receiver ---------------------------------------------------------------------------------------------


class RunningReceiver:
    """``manage.py webhook_receiver --once`` on a free port, in a thread."""

    def __init__(self, *args: str) -> None:
        self.output = io.StringIO()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=args, daemon=True)
        self.thread.start()
        self.url = self._wait_for_url()

    def _run(self, *args: str) -> None:
        try:
            call_command("webhook_receiver", "--port", "0", "--once", *args, stdout=self.output)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread, which raises it
            self.error = exc

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            found = re.search(r"http://127\.0\.0\.1:\d+/", self.output.getvalue())
            if found:
                return found.group(0)
            if self.error is not None:
                raise self.error
            time.sleep(0.01)
        raise AssertionError("the receiver did not start: " + self.output.getvalue())

    def finish(self) -> str:
        self.thread.join(timeout=5)
        assert not self.thread.is_alive(), "--once did not exit after one request"
        assert self.error is None
        return self.output.getvalue()


def test_the_receiver_verifies_a_signed_delivery_and_answers_200() -> None:
    receiver = RunningReceiver("--secret", SECRET)
    body = order_body(42)
    response = requests.post(receiver.url, data=body, headers=signed(body, message_id="msg_receiver"), timeout=5)
    output = receiver.finish()
    assert response.status_code == 200
    line = output.splitlines()[-1]
    assert "VERIFIED" in line
    assert "msg_receiver" in line
    assert "order.created" in line
    assert "#42" in line


def test_the_receiver_rejects_a_bad_signature_with_401() -> None:
    receiver = RunningReceiver("--secret", SECRET)
    body = order_body()
    response = requests.post(receiver.url, data=body, headers=signed(body, secret=OTHER_SECRET), timeout=5)
    output = receiver.finish()
    assert response.status_code == 401
    assert "REJECTED" in output.splitlines()[-1]
    assert "VERIFIED" not in output


def test_the_receiver_answers_the_status_it_was_given_so_the_portal_sees_a_gone_endpoint() -> None:
    receiver = RunningReceiver("--secret", SECRET, "--status", "410")
    with pytest.raises(DeliveryError) as caught:
        deliver(receiver.url)
    assert "VERIFIED" in receiver.finish()
    assert caught.value.gone is True


def test_the_receiver_refuses_a_non_loopback_host_without_allow_remote() -> None:
    with pytest.raises(CommandError, match=r"0\.0\.0\.0"):
        call_command("webhook_receiver", "--secret", SECRET, "--host", "0.0.0.0", "--once", stdout=io.StringIO())


def test_the_receiver_refuses_a_secret_that_is_not_base64() -> None:
    with pytest.raises(CommandError, match="--secret"):
        call_command("webhook_receiver", "--secret", "whsec_a", "--once", stdout=io.StringIO())


def test_the_receiver_stops_cleanly_on_ctrl_c(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self: webhook_receiver.ReceiverServer, poll_interval: float = 0.5) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(webhook_receiver.ReceiverServer, "serve_forever", interrupted)
    output = io.StringIO()
    call_command("webhook_receiver", "--secret", SECRET, "--port", "0", stdout=output)
    assert len(output.getvalue().splitlines()) == 2  # "Listening on …" then "Stopped."


def test_the_transport_module_exports_its_api() -> None:
    assert set(webhooks.__all__) >= {"HttpTransport", "DeliveryError", "DeliveryResult", "sign", "verify"}
