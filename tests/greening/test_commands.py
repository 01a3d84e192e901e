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
