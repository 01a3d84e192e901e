"""Loading the city's data in tests, and comparing the database before and after."""

from __future__ import annotations

from io import StringIO

from django.core import serializers
from django.core.management import call_command
from django.utils import translation


def load_city(*args: str) -> str:
    """Run ``load_yangquan`` (English output, so tests can read it) and return what it printed."""
    out = StringIO()
    with translation.override("en"):
        call_command("load_yangquan", *args, stdout=out)
    return out.getvalue()


def snapshot(models) -> str:
    """Every row of ``models``, serialized in primary-key order."""
    rows = []
    for model in models:
        rows.extend(model.objects.order_by("pk"))
    return serializers.serialize("json", rows)


def history_count(models) -> int:
    return sum(model.history.count() for model in models)
