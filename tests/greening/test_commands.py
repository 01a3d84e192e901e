"""The demo accounts: known passwords, so only where a developer asked for them."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_refused_with_debug_off(settings):
    settings.DEBUG = False
    settings.DEMO_ACCOUNTS = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo_accounts", stdout=StringIO())
    assert not get_user_model().objects.filter(username="staff").exists()


def test_demo_accounts_are_created_when_explicitly_asked(settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("load_demo_accounts", "--allow-without-debug", stdout=out)
    staff = get_user_model().objects.get(username="staff")
    assert staff.is_staff and staff.check_password("yq-staff-demo")
    assert staff.has_perm("greenspaces.change_greenspace")
    assert "yq-staff-demo" in out.getvalue()


def test_demo_accounts_load_twice_without_changing_passwords(settings):
    settings.DEBUG = True
    call_command("load_demo_accounts", stdout=StringIO())
    user = get_user_model().objects.get(username="contractor")
    user.set_password("changed-by-the-developer")
    user.save()
    call_command("load_demo_accounts", stdout=StringIO())
    user.refresh_from_db()
    assert user.check_password("changed-by-the-developer")
    assert not user.is_staff


def test_the_demo_opens_a_consultation_once_the_city_is_loaded(settings, city):
    from plans.models import Consultation

    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo_accounts", stdout=out)
    call_command("load_demo_accounts", stdout=StringIO())
    consultation = Consultation.objects.get()
    assert f"/plans/{consultation.pk}/" in out.getvalue()
    assert consultation.version.plan.title == "阳泉市绿化高质量发展五年行动计划（2026-2030）"


def test_without_the_city_the_demo_says_to_load_it_first(settings):
    from plans.models import Consultation

    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo_accounts", stdout=out)
    assert "load_yangquan" in out.getvalue()
    assert not Consultation.objects.exists()


def test_the_demo_steward_and_supervisor_can_use_their_pages(settings, city, client):
    settings.DEBUG = True
    call_command("load_demo_accounts", stdout=StringIO())
    call_command("load_demo_accounts", stdout=StringIO())  # twice: nothing doubles
    user_model = get_user_model()
    client.force_login(user_model.objects.get(username="steward"))
    home = client.get("/stewards/")
    assert home.status_code == 200
    assert "城市中心公园" in home.content.decode()
    assert client.get("/stewards/inspections/new/").status_code == 200
    client.force_login(user_model.objects.get(username="supervisor"))
    page = client.get("/stewards/supervisor/").content.decode()
    assert page.count("城南公园建设工程") == 1
