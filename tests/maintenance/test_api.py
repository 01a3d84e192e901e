"""The contractor API: who sees what, the actions, uploads, idempotency, webhooks and the met-bureau push."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from greening.api.throttling import TokenRateThrottle
from maintenance import services
from maintenance.choices import OrderStatus, TokenKind
from maintenance.models import Contractor, MaintenanceOrder, OrderTransition, WeatherAlert, WebhookEndpoint
from tests.maintenance.factories import sample
from tests.support.images import GPS_IFD, decompression_bomb, jpeg_with_gps, text_named_jpg

pytestmark = pytest.mark.django_db

LUYUAN = "阳泉市绿源园林养护有限公司（演示）"  # 城区 and 矿区
JINYANG = "阳泉市晋阳绿化工程有限公司（演示）"  # 郊区, 平定县, 盂县


@pytest.fixture
def orders(city):
    services.alert_ingest(document=sample("cap-rainstorm-yellow-citywide.xml"), replay=True)


def token_client(raw: str, language: str = "en") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE=language)
    return client


@pytest.fixture
def owner(city) -> APIClient:
    _token, raw = services.api_token_create(contractor=Contractor.objects.get(name=LUYUAN), name="owner")
    return token_client(raw)


@pytest.fixture
def other(city) -> APIClient:
    _token, raw = services.api_token_create(contractor=Contractor.objects.get(name=JINYANG), name="other")
    return token_client(raw)


@pytest.fixture
def met_bureau(city) -> APIClient:
    _token, raw = services.api_token_create(kind=TokenKind.MET_BUREAU, name="met")
    return token_client(raw)


@pytest.fixture
def staff(staff_user) -> APIClient:
    client = APIClient()
    client.force_login(staff_user)
    return client


@pytest.fixture
def steward(db) -> APIClient:
    client = APIClient()
    client.force_login(get_user_model().objects.create_user(username="steward-1", password="pw-steward-1"))
    return client


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()


def own_order() -> MaintenanceOrder:
    return MaintenanceOrder.objects.filter(contractor__name=LUYUAN).order_by("pk").first()


def others_order() -> MaintenanceOrder:
    return MaintenanceOrder.objects.filter(contractor__name=JINYANG).order_by("pk").first()


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


# --- Authorization matrix ---------------------------------------------------------------------


def test_the_owner_lists_only_its_own_orders(orders, owner):
    response = owner.get("/api/v1/orders/")
    assert response.status_code == 200
    mine = set(MaintenanceOrder.objects.filter(contractor__name=LUYUAN).values_list("pk", flat=True))
    assert ids(response) == mine


def test_another_contractor_sees_none_of_the_owners_orders(orders, other):
    theirs = ids(other.get("/api/v1/orders/"))
    assert theirs
    assert not theirs & set(MaintenanceOrder.objects.filter(contractor__name=LUYUAN).values_list("pk", flat=True))


def test_another_contractors_order_is_a_404_not_a_403(orders, other):
    response = other.get(f"/api/v1/orders/{own_order().pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_staff_read_every_order(orders, staff):
    assert len(ids(staff.get("/api/v1/orders/?page_size=100"))) == MaintenanceOrder.objects.count()
    assert staff.get(f"/api/v1/orders/{own_order().pk}/").status_code == 200


def test_a_steward_is_refused(orders, steward):
    assert steward.get("/api/v1/orders/").status_code == 403
    assert steward.get(f"/api/v1/orders/{own_order().pk}/").status_code == 403


def test_anonymous_gets_401_with_the_bearer_challenge(orders, anonymous):
    response = anonymous.get("/api/v1/orders/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["status"] == 401


def test_a_revoked_token_is_refused(city):
    token, raw = services.api_token_create(contractor=Contractor.objects.get(name=LUYUAN), name="old")
    services.api_token_revoke(token=token)
    assert token_client(raw).get("/api/v1/orders/").status_code == 401


def test_an_expired_token_is_refused(city):
    _token, raw = services.api_token_create(
        contractor=Contractor.objects.get(name=LUYUAN),
        name="old",
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert token_client(raw).get("/api/v1/orders/").status_code == 401


def test_tokens_are_stored_only_as_hashes(city):
    token, raw = services.api_token_create(contractor=Contractor.objects.get(name=LUYUAN), name="x")
    token.refresh_from_db()
    assert raw not in (token.key_hash, token.prefix)
    assert raw.startswith(token.prefix)


@pytest.mark.parametrize("action", ["acknowledge", "start", "decline"])
def test_actions_on_another_contractors_order_are_404(orders, other, action):
    response = other.post(f"/api/v1/orders/{own_order().pk}/{action}/", {"reason": "x"}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("client_name", ["staff", "steward"])
def test_only_contractors_act_on_orders(orders, client_name, request):
    client = request.getfixturevalue(client_name)
    assert client.post(f"/api/v1/orders/{own_order().pk}/acknowledge/").status_code == 403


def test_the_met_bureau_token_may_only_push_warnings(orders, met_bureau):
    assert met_bureau.get("/api/v1/orders/").status_code == 403
    assert met_bureau.get("/api/v1/webhooks/").status_code == 403


# --- Orders -----------------------------------------------------------------------------------


def test_the_detail_has_green_space_alert_task_deadlines_and_history(orders, owner):
    order = MaintenanceOrder.objects.filter(
        contractor__name=LUYUAN, green_space__code="quanxi-road-pocket-park"
    ).first()
    body = owner.get(f"/api/v1/orders/{order.pk}/").json()
    assert body["green_space"]["name"] == "泉西路游园"
    assert body["green_space"]["features"]["cistern_capacity_m3"] == "2000.00"
    assert body["alert"]["level"] == "02"
    assert body["acknowledge_by"] and body["complete_by"]
    assert [step["to_status"] for step in body["history"]] == ["issued"]


def test_the_task_comes_in_the_language_asked_for(orders, city):
    _token, raw = services.api_token_create(contractor=Contractor.objects.get(name=LUYUAN), name="lang")
    order = own_order()
    chinese = token_client(raw, "zh-hans").get(f"/api/v1/orders/{order.pk}/").json()["task"]
    english = token_client(raw, "en").get(f"/api/v1/orders/{order.pk}/").json()["task"]
    assert chinese == order.task_zh
    assert english == order.task_en


def test_orders_filter_by_status_district_and_overdue(orders, owner):
    first = own_order()
    services.order_acknowledge(order=first)
    assert ids(owner.get("/api/v1/orders/?status=acknowledged")) == {first.pk}
    assert ids(owner.get("/api/v1/orders/?status=acknowledged&status=issued")) >= {first.pk}
    in_kuangqu = ids(owner.get("/api/v1/orders/?district=140303"))
    assert in_kuangqu == set(
        MaintenanceOrder.objects.filter(contractor__name=LUYUAN, green_space__district__code="140303").values_list(
            "pk", flat=True
        )
    )
    assert ids(owner.get("/api/v1/orders/?overdue=true")) == set()


def test_updated_after_returns_only_what_changed(orders, owner):
    order = own_order()
    mark = timezone.now()
    services.order_acknowledge(order=order)
    assert ids(owner.get("/api/v1/orders/", {"updated_after": mark.isoformat()})) == {order.pk}


def test_a_bad_filter_value_is_a_400_naming_the_field(orders, owner):
    response = owner.get("/api/v1/orders/?status=finished")
    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]


def test_cursor_pages_stay_stable_while_new_orders_arrive(orders, owner):
    first = owner.get("/api/v1/orders/?page_size=5").json()
    services.alert_ingest(document=sample("cap-cold-wave-orange-chengqu.xml"), replay=True)
    second = owner.get(first["next"]).json()
    assert not ids_of(first) & ids_of(second)
    assert max(ids_of(second)) < min(ids_of(first))


def ids_of(page: dict) -> set[int]:
    return {row["id"] for row in page["results"]}


@pytest.mark.parametrize("count", [5, 50])
def test_the_orders_list_costs_at_most_4_queries(city, owner, django_assert_max_num_queries, count):
    from tests.maintenance.factories import ResponseRuleFactory

    for n in range(count // 5):
        ResponseRuleFactory(name=f"规则{n}")
    services.alert_ingest(document=sample("cap-rainstorm-yellow-citywide.xml"), replay=True)
    assert MaintenanceOrder.objects.filter(contractor__name=LUYUAN).count() >= count
    with django_assert_max_num_queries(4):
        response = owner.get(f"/api/v1/orders/?page_size={count}")
    assert len(response.json()["results"]) == count


def test_acknowledge_then_start_then_complete(orders, owner, media):
    order = own_order()
    assert owner.post(f"/api/v1/orders/{order.pk}/acknowledge/").json()["status"] == "acknowledged"
    assert owner.post(f"/api/v1/orders/{order.pk}/start/").json()["status"] == "in_progress"
    response = owner.post(
        f"/api/v1/orders/{order.pk}/complete/",
        {"notes": "雨水口已清理", "photos": [jpeg_with_gps()], "latitude": "37.857", "longitude": "113.58"},
        format="multipart",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "completed"
    assert len(body["completion"]["photos"]) == 1
    assert OrderTransition.objects.get(order=order, to_status="completed").actor_label.startswith(LUYUAN)


def test_an_illegal_transition_is_a_409_in_the_callers_language(orders, city):
    _token, raw = services.api_token_create(contractor=Contractor.objects.get(name=LUYUAN), name="zh")
    response = token_client(raw, "zh-hans").post(f"/api/v1/orders/{own_order().pk}/start/")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "invalid_transition"
    assert "已下达" in error["message"]


def test_decline_needs_a_reason(orders, owner):
    response = owner.post(f"/api/v1/orders/{own_order().pk}/decline/", {}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]
    assert own_order().status == OrderStatus.ISSUED


# --- Uploads ----------------------------------------------------------------------------------


def complete(client, order, photo) -> object:
    client.post(f"/api/v1/orders/{order.pk}/acknowledge/")
    return client.post(f"/api/v1/orders/{order.pk}/complete/", {"notes": "完成", "photos": [photo]}, format="multipart")


def test_completion_photos_are_served_only_to_whoever_may_see_the_order(orders, owner, other, anonymous, media):
    order = own_order()
    body = complete(owner, order, jpeg_with_gps()).json()
    photo_url = body["completion"]["photos"][0]
    photo = order.photos.get()
    assert photo_url == f"http://testserver/api/v1/orders/{order.pk}/photos/{photo.pk}/"
    response = owner.get(photo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.format == "JPEG"
    assert other.get(photo_url).status_code == 404  # another contractor's order does not exist for them
    assert anonymous.get(photo_url).status_code == 401
    assert owner.get(f"/api/v1/orders/{order.pk}/photos/{photo.pk + 1}/").status_code == 404


def test_a_text_file_named_jpg_is_refused(orders, owner, media):
    response = complete(owner, own_order(), text_named_jpg())
    assert response.status_code == 400
    assert own_order().status == OrderStatus.ACKNOWLEDGED


def test_a_20_mb_file_is_refused_as_too_large(orders, owner, media):
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"\0" * (20 * 1024 * 1024), content_type="image/jpeg")
    response = complete(owner, own_order(), big)
    assert response.status_code == 413
    assert own_order().status == OrderStatus.ACKNOWLEDGED


def test_a_decompression_bomb_is_refused(orders, owner, media):
    response = complete(owner, own_order(), decompression_bomb())
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "too_many_pixels"


def test_the_stored_photo_has_no_gps(orders, owner, media):
    order = own_order()
    assert complete(owner, order, jpeg_with_gps()).status_code == 200
    with Image.open(order.photos.get().image.path) as image:
        assert GPS_IFD not in image.getexif()


def test_more_than_six_photos_are_refused(orders, owner, media):
    order = own_order()
    owner.post(f"/api/v1/orders/{order.pk}/acknowledge/")
    photos = [jpeg_with_gps(f"p{n}.jpg") for n in range(7)]
    response = owner.post(f"/api/v1/orders/{order.pk}/complete/", {"notes": "x", "photos": photos}, format="multipart")
    assert response.status_code == 400
    assert "photos" in response.json()["error"]["fields"]


# --- Idempotency ------------------------------------------------------------------------------


def test_the_same_key_and_body_replays_the_first_response(orders, owner):
    order = own_order()
    first = owner.post(f"/api/v1/orders/{order.pk}/acknowledge/", HTTP_IDEMPOTENCY_KEY="ack-1")
    second = owner.post(f"/api/v1/orders/{order.pk}/acknowledge/", HTTP_IDEMPOTENCY_KEY="ack-1")
    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert OrderTransition.objects.filter(order=order, to_status="acknowledged").count() == 1


def test_the_same_key_with_another_body_is_a_422(orders, owner):
    order = own_order()
    owner.post(f"/api/v1/orders/{order.pk}/decline/", {"reason": "人手不足"}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    response = owner.post(
        f"/api/v1/orders/{order.pk}/decline/", {"reason": "设备故障"}, format="json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"


def test_a_replayed_upload_with_a_new_multipart_boundary_is_recognised(orders, owner, media):
    order = own_order()
    owner.post(f"/api/v1/orders/{order.pk}/acknowledge/")
    photo = jpeg_with_gps().read()
    for _ in range(2):
        response = owner.post(
            f"/api/v1/orders/{order.pk}/complete/",
            {"notes": "完成", "photos": [SimpleUploadedFile("a.jpg", photo, content_type="image/jpeg")]},
            format="multipart",
            HTTP_IDEMPOTENCY_KEY="done-1",
        )
        assert response.status_code == 200
    assert order.photos.count() == 1


def test_a_refused_request_does_not_use_up_its_key(orders, owner):
    order = own_order()
    assert owner.post(f"/api/v1/orders/{order.pk}/start/", HTTP_IDEMPOTENCY_KEY="s").status_code == 409
    owner.post(f"/api/v1/orders/{order.pk}/acknowledge/")
    assert owner.post(f"/api/v1/orders/{order.pk}/start/", HTTP_IDEMPOTENCY_KEY="s").status_code == 200


# --- Green spaces -----------------------------------------------------------------------------


def test_green_spaces_are_those_under_the_callers_contracts(city, owner, other):
    mine = {row["code"] for row in owner.get("/api/v1/green-spaces/").json()["results"]}
    theirs = {row["code"] for row in other.get("/api/v1/green-spaces/").json()["results"]}
    assert "quanxi-road-pocket-park" in mine
    assert "yangquan-botanical-garden" in theirs
    assert not mine & theirs


def test_another_contractors_green_space_is_a_404(city, other):
    from greenspaces.models import GreenSpace

    space = GreenSpace.objects.get(code="quanxi-road-pocket-park")
    assert other.get(f"/api/v1/green-spaces/{space.pk}/").status_code == 404


def test_the_green_space_list_is_constant_in_queries(city, owner, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert owner.get("/api/v1/green-spaces/").status_code == 200


# --- Webhook endpoints ------------------------------------------------------------------------


@pytest.fixture
def public_dns(settings):
    """Production rules for webhook URLs (the suite's default allows loopback receivers)."""
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = False


def test_creating_an_endpoint_returns_the_secret_once(city, owner):
    created = owner.post("/api/v1/webhooks/", {"url": "http://127.0.0.1:8765/hook"}, format="json")
    assert created.status_code == 201
    secret = created.json()["secret"]
    assert secret.startswith("whsec_")
    listed = owner.get("/api/v1/webhooks/").json()["results"]
    assert "secret" not in listed[0]
    assert owner.get(f"/api/v1/webhooks/{created.json()['id']}/").json().get("secret") is None


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest", "http://localhost:8000/x"],
    ids=["loopback", "10.x", "link-local", "hostname-resolving-to-loopback"],
)
def test_private_addresses_are_refused(city, owner, public_dns, url):
    response = owner.post("/api/v1/webhooks/", {"url": url}, format="json")
    assert response.status_code == 400
    assert "url" in response.json()["error"]["fields"] or response.json()["error"]["code"]
    assert WebhookEndpoint.objects.count() == 0


def test_a_non_http_url_is_refused(city, owner):
    response = owner.post("/api/v1/webhooks/", {"url": "ftp://example.cn/x"}, format="json")
    assert response.status_code == 400


def test_another_contractors_endpoint_is_a_404(city, owner, other):
    endpoint_id = owner.post("/api/v1/webhooks/", {"url": "http://127.0.0.1:8765/"}, format="json").json()["id"]
    assert other.get(f"/api/v1/webhooks/{endpoint_id}/").status_code == 404
    assert other.delete(f"/api/v1/webhooks/{endpoint_id}/").status_code == 404
    assert other.get("/api/v1/webhooks/").json()["results"] == []


def test_rotate_secret_gives_a_new_secret(city, owner):
    created = owner.post("/api/v1/webhooks/", {"url": "http://127.0.0.1:8765/"}, format="json").json()
    rotated = owner.post(f"/api/v1/webhooks/{created['id']}/rotate-secret/").json()
    assert rotated["secret"] != created["secret"]
    assert WebhookEndpoint.objects.get().secret == rotated["secret"]


def test_ping_queues_a_signed_test_event_and_deliveries_list_attempts(city, owner, httpserver):
    httpserver.expect_request("/hook").respond_with_data("ok")
    created = owner.post("/api/v1/webhooks/", {"url": httpserver.url_for("/hook")}, format="json").json()
    assert owner.post(f"/api/v1/webhooks/{created['id']}/ping/").status_code == 202
    services.webhook_endpoint_flush(endpoint_id=created["id"])
    deliveries = owner.get(f"/api/v1/webhooks/{created['id']}/deliveries/").json()
    assert deliveries[0]["event_type"] == "ping"
    assert deliveries[0]["succeeded"] is True


def test_update_and_delete_an_endpoint(city, owner):
    endpoint_id = owner.post("/api/v1/webhooks/", {"url": "http://127.0.0.1:8765/"}, format="json").json()["id"]
    response = owner.patch(f"/api/v1/webhooks/{endpoint_id}/", {"description": "调度系统"}, format="json")
    assert response.json()["description"] == "调度系统"
    assert owner.delete(f"/api/v1/webhooks/{endpoint_id}/").status_code == 204
    assert not WebhookEndpoint.objects.exists()


# --- Met-bureau push --------------------------------------------------------------------------


def push(client, body: bytes, content_type: str = "application/cap+xml"):
    return client.generic("POST", "/api/v1/weather/cap/", body, content_type=content_type)


def test_a_pushed_warning_is_stored_and_answers_201(met_bureau):
    response = push(met_bureau, sample("cap-heat-red-kuangqu.xml"))
    assert response.status_code == 201
    body = response.json()
    assert body["created"] is True
    assert WeatherAlert.objects.filter(pk=body["alert_id"]).exists()


def test_pushing_the_same_warning_again_answers_200(met_bureau):
    push(met_bureau, sample("cap-heat-red-kuangqu.xml"))
    response = push(met_bureau, sample("cap-heat-red-kuangqu.xml"), "text/xml")
    assert response.status_code == 200
    assert response.json()["created"] is False
    assert WeatherAlert.objects.count() == 1


def test_a_bad_document_is_a_400_with_the_reason(met_bureau):
    response = push(met_bureau, b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.1"/>')
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "not_cap12"


def test_a_document_over_1_mb_is_a_413(met_bureau):
    assert push(met_bureau, b"<a>" + b"x" * 2_000_000 + b"</a>").status_code == 413


def test_a_json_body_is_a_415(met_bureau):
    response = met_bureau.post("/api/v1/weather/cap/", {"x": 1}, format="json")
    assert response.status_code == 415
    assert response.json()["error"]["status"] == 415


def test_a_contractor_token_cannot_push_warnings(owner):
    assert push(owner, sample("cap-heat-red-kuangqu.xml")).status_code == 403


def test_anonymous_cannot_push_warnings(anonymous, city):
    assert push(anonymous, sample("cap-heat-red-kuangqu.xml")).status_code == 401


# --- Errors, throttling, docs -----------------------------------------------------------------


def test_an_unknown_api_url_is_a_json_404(owner):
    response = owner.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_wrong_method_is_a_405_in_the_error_shape(orders, owner):
    response = owner.delete(f"/api/v1/orders/{own_order().pk}/")
    assert response.status_code == 405
    assert response.json()["error"]["status"] == 405


def test_too_many_requests_are_a_429_with_retry_after(city, owner, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "2/min"})
    from django.core.cache import cache

    cache.clear()
    statuses = [owner.get("/api/v1/green-spaces/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    cache.clear()


def test_the_schema_and_docs_are_public_and_offline(anonymous):
    schema = anonymous.get("/api/schema/")
    assert schema.status_code == 200
    docs = anonymous.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower() and "unpkg" not in docs.lower()
    assert "/static/drf_spectacular_sidecar/" in docs


def test_a_date_filter_with_any_valid_offset_is_taken_to_utc(orders, owner):
    # Python accepts offsets up to ±24 h; PostgreSQL only ±16 h. Found by schemathesis.
    assert owner.get("/api/v1/orders/", {"created_before": "1484-08-05T17:19:51-20:16"}).status_code == 200


def test_a_date_filter_that_overflows_is_a_400(orders, owner):
    response = owner.get("/api/v1/orders/", {"created_before": "0001-01-01T00:00:00+05:00"})
    assert response.status_code == 400
    assert "created_before" in response.json()["error"]["fields"]


def test_old_idempotency_keys_are_forgotten(orders, owner):
    order = own_order()
    owner.post(f"/api/v1/orders/{order.pk}/acknowledge/", HTTP_IDEMPOTENCY_KEY="old")
    assert services.idempotency_records_purge(now=timezone.now() + datetime.timedelta(days=6)) == 0
    assert services.idempotency_records_purge(now=timezone.now() + datetime.timedelta(days=8)) == 1


def test_staff_issue_a_token_in_the_admin_and_see_it_once(city, client, staff_user):
    from django.urls import reverse

    from maintenance.models import ApiToken

    client.force_login(staff_user)
    contractor = Contractor.objects.get(name=LUYUAN)
    response = client.post(
        reverse("admin:maintenance_apitoken_add"),
        {"kind": "contractor", "contractor": contractor.pk, "name": "调度系统"},
        follow=True,
    )
    shown = " ".join(str(message) for message in response.context["messages"])
    raw = re.search(r"yqg_[A-Za-z0-9_-]+", shown).group()
    token = ApiToken.objects.get()
    assert raw.startswith(token.prefix) and raw not in token.key_hash
    assert token_client(raw).get("/api/v1/orders/").status_code == 200
    assert raw not in client.get(reverse("admin:maintenance_apitoken_change", args=[token.pk])).content.decode()


LISTS = ["/api/v1/orders/", "/api/v1/green-spaces/", "/api/v1/webhooks/"]


@pytest.mark.parametrize("url", LISTS)
def test_anonymous_gets_401_on_every_list(city, anonymous, url):
    assert anonymous.get(url).status_code == 401


@pytest.mark.parametrize("url", LISTS)
def test_a_steward_gets_403_on_every_list(city, steward, url):
    assert steward.get(url).status_code == 403


@pytest.mark.parametrize(("url", "expected"), [(LISTS[0], 200), (LISTS[1], 200), (LISTS[2], 403)])
def test_staff_read_orders_and_green_spaces_but_not_contractors_webhooks(city, staff, url, expected):
    assert staff.get(url).status_code == expected


@pytest.mark.parametrize("url", ["/api/v1/webhooks/{id}/", "/api/v1/webhooks/{id}/deliveries/"])
@pytest.mark.parametrize("client_name", ["anonymous", "steward", "staff", "other"])
def test_nobody_but_the_owner_reads_an_endpoint(city, owner, request, client_name, url):
    endpoint_id = owner.post("/api/v1/webhooks/", {"url": "http://127.0.0.1:8765/"}, format="json").json()["id"]
    expected = {"anonymous": 401, "steward": 403, "staff": 403, "other": 404}[client_name]
    assert request.getfixturevalue(client_name).get(url.format(id=endpoint_id)).status_code == expected
    assert owner.get(url.format(id=endpoint_id)).status_code == 200


def test_staff_add_an_endpoint_in_the_admin_with_the_same_url_checks(city, client, staff_user, settings):
    from django.urls import reverse

    settings.WEBHOOK_ALLOW_PRIVATE_URLS = False
    client.force_login(staff_user)
    contractor = Contractor.objects.get(name=LUYUAN)
    response = client.post(
        reverse("admin:maintenance_webhookendpoint_add"),
        {"contractor": contractor.pk, "url": "http://10.0.0.8/hook", "description": "", "active": "on"},
    )
    assert response.status_code == 200
    assert "url" in response.context["adminform"].form.errors
    assert not WebhookEndpoint.objects.exists()
