"""Sign-in lockout (django-axes): counted per (mobile number, IP address), so strangers cannot lock a steward out."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.volunteers.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


def sign_in(client, mobile, password, ip):
    return client.post(reverse("volunteers:sign-in"), {"username": mobile, "password": password}, REMOTE_ADDR=ip)


def test_repeated_failures_from_one_device_lock_that_device_out(client, steward):
    for _ in range(3):
        sign_in(client, steward.mobile, "wrong", "203.0.113.5")
    response = sign_in(client, steward.mobile, PASSWORD, "203.0.113.5")
    assert response.status_code == 429
    assert "尝试次数过多" in response.content.decode()


def test_a_strangers_failures_from_another_address_do_not_lock_the_steward_out(client, steward):
    for _ in range(5):
        sign_in(client, steward.mobile, "guess", "198.51.100.66")
    response = sign_in(client, steward.mobile, PASSWORD, "203.0.113.5")
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteers:home")


def test_failures_below_the_limit_are_forgiven_by_a_good_sign_in(client, steward):
    for _ in range(2):
        sign_in(client, steward.mobile, "wrong", "203.0.113.5")
    assert sign_in(client, steward.mobile, PASSWORD, "203.0.113.5").status_code == 302
    client.logout()
    for _ in range(2):
        sign_in(client, steward.mobile, "wrong", "203.0.113.5")
    assert sign_in(client, steward.mobile, PASSWORD, "203.0.113.5").status_code == 302


def test_the_lockout_page_is_in_english_for_english_users(en_client, steward):
    for _ in range(3):
        sign_in(en_client, steward.mobile, "wrong", "203.0.113.5")
    response = sign_in(en_client, steward.mobile, PASSWORD, "203.0.113.5")
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
