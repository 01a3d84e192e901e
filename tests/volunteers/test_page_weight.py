"""Phone-first budget: the first load of every steward page (HTML + CSS + JS, gzip) stays within 60 KB,
and its query count is pinned. ``page_weights`` is also what the closing report quotes."""

from __future__ import annotations

import gzip
import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.volunteers.factories import make_application, make_session, submit_inspection
from volunteers import services

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 60 * 1024
STATIC_DIR = Path(settings.BASE_DIR) / "static"


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def first_load(client, url: str) -> tuple[int, int, dict[str, int]]:
    """(compressed bytes of the page and the CSS/JS it links, queries, bytes per part)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    parts = {"html": gzipped(response.content)}
    for asset in re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', response.content):
        parts[asset.decode()] = gzipped((STATIC_DIR / asset.decode()).read_bytes())
    return sum(parts.values()), len(queries), parts


def steward_pages(steward, space, staff_user) -> dict[str, str]:
    inspection = submit_inspection(steward, space)
    services.problem_order_create(item=inspection.items.get(checklist_item__code="lawn"), actor=staff_user)
    suggestion, _created = services.suggestion_submit(steward=steward, submission_id=uuid.uuid4(), title="t", text="x")
    application = make_application("13712349876", spaces=[space])
    make_session()
    return {
        "apply": reverse("volunteers:apply"),
        "apply-status": reverse("volunteers:apply-status", args=[application.token]),
        "sign-in": reverse("volunteers:sign-in"),
        "code-request": reverse("volunteers:code-request"),
        "password-set": reverse("volunteers:password-set"),
        "home": reverse("volunteers:home"),
        "inspection-new": reverse("volunteers:inspection-new") + f"?space={space.pk}",
        "inspection-detail": reverse("volunteers:inspection-detail", args=[inspection.pk]),
        "suggestion-new": reverse("volunteers:suggestion-new"),
        "suggestion-detail": reverse("volunteers:suggestion-detail", args=[suggestion.pk]),
        "training": reverse("volunteers:training"),
        "history": reverse("volunteers:history"),
        "profile": reverse("volunteers:profile"),
    }


PUBLIC = {"apply", "apply-status", "sign-in", "code-request", "password-set"}
MAX_QUERIES = 12


def page_weights(client, steward, space, staff_user) -> dict[str, tuple[int, int, dict[str, int]]]:
    weights = {}
    for name, url in steward_pages(steward, space, staff_user).items():
        client.logout()
        if name not in PUBLIC:
            client.force_login(steward.user)
        weights[name] = first_load(client, url)
    return weights


def test_every_steward_page_loads_within_60_kb_compressed_and_few_queries(client, steward, space, staff_user):
    weights = page_weights(client, steward, space, staff_user)
    for name, (total, queries, parts) in weights.items():
        detail = ", ".join(f"{part} {size}" for part, size in parts.items())
        print(f"{name:18} {total / 1024:5.1f} KB gzip ({detail}), {queries} queries")
        assert total <= BUDGET_BYTES, name
        assert queries <= MAX_QUERIES, name
