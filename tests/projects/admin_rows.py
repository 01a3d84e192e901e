"""One row of every projects model the admin shows and the city data does not hold (for tests/test_admin_pages.py)."""

from __future__ import annotations

from projects.models import Milestone, Project


def make() -> None:
    Milestone.objects.create(
        project=Project.objects.first(), name="完成初步设计", owner="设计院", due_date="2026-12-31"
    )
