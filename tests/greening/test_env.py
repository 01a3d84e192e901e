"""Settings helpers read the environment and fail loudly, naming the variable."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from greening.lib.env import env_bool, env_choice, env_int, env_list, env_str


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("FALSE", False), ("1", True), ("off", False)])
def test_env_bool_reads_true_and_false(raw, expected):
    assert env_bool("DEBUG", environ={"DEBUG": raw}) is expected


def test_env_bool_uses_the_default_when_unset():
    assert env_bool("DEBUG", True, environ={}) is True


@pytest.mark.parametrize("raw", ["ture", "2", "enabled"])
def test_env_bool_rejects_anything_else_naming_the_variable(raw):
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", environ={"DEBUG": raw})


def test_env_int_rejects_a_non_number():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT='twenty-five'"):
        env_int("EMAIL_PORT", 25, environ={"EMAIL_PORT": "twenty-five"})


def test_env_int_enforces_its_range():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT=70000 is above"):
        env_int("EMAIL_PORT", 25, maximum=65535, environ={"EMAIL_PORT": "70000"})
    with pytest.raises(ImproperlyConfigured, match="below"):
        env_int("WORKERS", 2, minimum=1, environ={"WORKERS": "0"})


def test_env_list_splits_on_commas_and_drops_blanks():
    assert env_list("ALLOWED_HOSTS", environ={"ALLOWED_HOSTS": " a.cn, ,b.cn "}) == ["a.cn", "b.cn"]


def test_env_choice_rejects_an_unknown_value_listing_the_choices():
    with pytest.raises(ImproperlyConfigured, match="development, production"):
        env_choice("DJANGO_ENV", "development", ("development", "production"), environ={"DJANGO_ENV": "prod"})


def test_a_secret_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t\n")
    assert env_str("SECRET_KEY", environ={"SECRET_KEY_FILE": str(secret)}) == "s3cr3t"


def test_an_unreadable_secret_file_names_the_variable(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FILE"):
        env_str("SECRET_KEY", environ={"SECRET_KEY_FILE": str(tmp_path / "missing")})


def test_value_and_file_together_are_refused(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="either SECRET_KEY or SECRET_KEY_FILE"):
        env_str("SECRET_KEY", environ={"SECRET_KEY": "a", "SECRET_KEY_FILE": str(tmp_path)})
