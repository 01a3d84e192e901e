"""One row of every volunteers model the admin shows and the city data does not hold (for tests/test_admin_pages.py)."""

from __future__ import annotations


def make() -> None:
    pass
