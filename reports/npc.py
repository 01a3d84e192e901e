"""The progress report to the city People's Congress (向市人大报告工作进展), as tables.

One builder makes the tables; the printable page and the XLSX download render the same ones, so the
two can never disagree. ``as_of`` reads the data as it stood at the end of that day (see
``reports.snapshot``): today from the live tables, a past day from the audit history.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from greenspaces.models import GreenSpace
from plans.choices import IndicatorStatus
from plans.models import Indicator, IndicatorMeasurement, Plan, indicator_status
from projects.choices import (
    FundingApplicationStatus,
    FundingSourceKind,
    NamingRequestStatus,
)
from projects.models import (
    Disbursement,
    Donation,
    Donor,
    FundingApplication,
    Milestone,
    NamingRequest,
    Project,
    WorkItem,
    checklist_progress,
)
from reports.snapshot import Snapshot, group_by

TEXT, INTEGER, NUMBER, PERCENT, DATE, MONEY = "text", "integer", "number", "percent", "date", "money"


@dataclass(frozen=True)
class Column:
    """A column of a report table: its heading and how its cells read (``TEXT``, ``PERCENT`` …)."""

    label: str
    kind: str = TEXT


@dataclass(frozen=True)
class Table:
    """A titled table: raw cell values (str, int, Decimal, date or None); shares are 0–1 Decimals."""

    key: str
    title: str
    columns: Sequence[Column]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    note: str = ""

    def cells(self) -> list[list[tuple[Column, Any]]]:
        """Each row as (column, value) pairs, for templates."""
        return [list(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class NpcReport:
    as_of: datetime.date
    is_past: bool
    tables: list[Table]

    @property
    def title(self) -> str:
        return _("Progress of Yangquan's landscaping and greening work")

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)


def npc_report(*, as_of: datetime.date, today: datetime.date) -> NpcReport:
    """Every plan, project, checklist line, milestone and indicator as they stood at the end of ``as_of``."""
    snapshot = Snapshot(as_of=as_of, today=today)
    projects = snapshot.rows(Project)
    items = group_by(snapshot.rows(WorkItem), "project_id")
    milestones = group_by(snapshot.rows(Milestone), "project_id")
    donations = [row for row in snapshot.rows(Donation) if row.received_on <= as_of]
    return NpcReport(
        as_of=as_of,
        is_past=snapshot.is_past,
        tables=[
            _plans_table(snapshot),
            _projects_table(projects, items, milestones, as_of),
            _work_items_table(projects, items),
            _milestones_table(projects, milestones, as_of),
            _indicators_table(snapshot, as_of),
            *_funding_tables(snapshot, projects, donations, as_of),
            *_donation_tables(snapshot, projects, donations, as_of),
        ],
    )


def _plans_table(snapshot: Snapshot) -> Table:
    return Table(
        key="plans",
        title=_("Plans"),
        columns=[
            Column(_("Plan")),
            Column(_("Kind")),
            Column(_("Period")),
            Column(_("Author unit")),
            Column(_("Status")),
        ],
        rows=[
            (plan.title, plan.get_kind_display(), plan.period, plan.author_unit, plan.get_status_display())
            for plan in snapshot.rows(Plan)
        ],
    )


@dataclass(frozen=True)
class MilestoneCounts:
    done: int
    upcoming: int
    overdue: int


def milestone_state(milestone: Milestone, on: datetime.date) -> str:
    """ "done" when done by ``on``; "overdue" when due before ``on`` and not done by then; else "upcoming"."""
    if milestone.done_date is not None and milestone.done_date <= on:
        return "done"
    if milestone.due_date < on:
        return "overdue"
    return "upcoming"


def milestone_counts(milestones: Sequence[Milestone], on: datetime.date) -> MilestoneCounts:
    states = [milestone_state(milestone, on) for milestone in milestones]
    return MilestoneCounts(states.count("done"), states.count("upcoming"), states.count("overdue"))


def _projects_table(projects, items, milestones, as_of) -> Table:
    rows = []
    for project in projects:
        counts = milestone_counts(milestones.get(project.pk, []), as_of)
        rows.append(
            (
                project.name,
                project.programme,
                project.get_kind_display(),
                project.get_status_display(),
                " ".join(part for part in (project.responsible_unit, project.responsible_person) if part),
                project.planned_start,
                project.planned_end,
                project.actual_start,
                project.actual_end,
                checklist_progress(items.get(project.pk, [])),
                counts.done,
                counts.upcoming,
                counts.overdue,
            )
        )
    return Table(
        key="projects",
        title=_("Key projects"),
        columns=[
            Column(_("Project")),
            Column(_("Programme")),
            Column(_("Kind")),
            Column(_("Status")),
            Column(_("Responsible")),
            Column(_("Planned start"), DATE),
            Column(_("Planned completion"), DATE),
            Column(_("Actual start"), DATE),
            Column(_("Actual completion"), DATE),
            Column(_("Checklist done"), PERCENT),
            Column(_("Milestones done"), INTEGER),
            Column(_("Milestones not yet due"), INTEGER),
            Column(_("Milestones overdue"), INTEGER),
        ],
        rows=rows,
    )


def _work_items_table(projects, items) -> Table:
    rows = [
        (
            project.name,
            item.name,
            item.get_unit_display(),
            item.planned_quantity,
            item.done_quantity,
            item.progress,
            _("estimated") if item.estimated else "",
        )
        for project in projects
        for item in items.get(project.pk, [])
    ]
    return Table(
        key="work_items",
        title=_("Checklists of the key projects"),
        columns=[
            Column(_("Project")),
            Column(_("Work")),
            Column(_("Unit")),
            Column(_("Planned quantity"), NUMBER),
            Column(_("Done"), NUMBER),
            Column(_("Share done"), PERCENT),
            Column(_("Figures")),
        ],
        rows=rows,
        note=_("Lines marked estimated have no quantity in the reply letter and count as one item of work."),
    )


def _milestones_table(projects, milestones, as_of) -> Table:
    labels = {"done": _("Done"), "overdue": _("Overdue"), "upcoming": _("Not yet due")}
    rows = [
        (
            project.name,
            milestone.name,
            milestone.owner,
            milestone.due_date,
            milestone.done_date if milestone.is_done_on(as_of) else None,
            labels[milestone_state(milestone, as_of)],
        )
        for project in projects
        for milestone in milestones.get(project.pk, [])
    ]
    return Table(
        key="milestones",
        title=_("Milestones"),
        columns=[
            Column(_("Project")),
            Column(_("Milestone")),
            Column(_("Owner")),
            Column(_("Due"), DATE),
            Column(_("Done on"), DATE),
            Column(_("State")),
        ],
        rows=rows,
    )


def _indicators_table(snapshot: Snapshot, as_of: datetime.date) -> Table:
    measurements = group_by(
        (row for row in snapshot.rows(IndicatorMeasurement) if row.date <= as_of),
        "indicator_id",
    )
    rows = []
    for indicator in snapshot.rows(Indicator):
        points = sorted(measurements.get(indicator.pk, []), key=lambda row: row.date)
        latest = points[-1] if points else None
        status = indicator_status(
            direction=indicator.direction,
            target=indicator.target_absolute,
            deadline=indicator.deadline,
            points=[(row.date, row.value) for row in points],
            today=as_of,
        )
        rows.append(
            (
                indicator.name,
                indicator.scope,
                indicator.target_label,
                indicator.unit,
                indicator.baseline_value,
                indicator.baseline_date,
                latest.value if latest else None,
                latest.date if latest else None,
                str(IndicatorStatus(status).label),
                indicator.standard,
            )
        )
    return Table(
        key="indicators",
        title=_("Indicators against their targets"),
        columns=[
            Column(_("Indicator")),
            Column(_("Scope")),
            Column(_("Target")),
            Column(_("Unit")),
            Column(_("Baseline value"), NUMBER),
            Column(_("Baseline date"), DATE),
            Column(_("Latest measurement"), NUMBER),
            Column(_("Measured on"), DATE),
            Column(_("Status")),
            Column(_("Source of the target")),
        ],
        rows=rows,
    )


ZERO = Decimal("0")


def _funding_tables(snapshot: Snapshot, projects, donations, as_of: datetime.date) -> list[Table]:
    """Money per project and per source: budget, requested, approved (committed), disbursed (spent)."""
    applications = [row for row in snapshot.rows(FundingApplication) if row.applied_on <= as_of]
    kind_of_application = {row.pk: row.source_kind for row in applications}
    project_of_application = {row.pk: row.project_id for row in applications}
    paid = [
        row for row in snapshot.rows(Disbursement) if row.paid_on <= as_of and row.application_id in kind_of_application
    ]
    donated = group_by(donations, "project_id")

    def approved(row: FundingApplication) -> Decimal:
        return row.approved_amount or ZERO if row.status == FundingApplicationStatus.APPROVED else ZERO

    by_project = group_by(applications, "project_id")
    paid_by_project = group_by(paid, "application_id")
    project_rows = []
    for project in projects:
        mine = by_project.get(project.pk, [])
        spent_rows = [row for application in mine for row in paid_by_project.get(application.pk, [])]
        committed = sum((approved(row) for row in mine), ZERO)
        spent = sum((row.amount for row in spent_rows), ZERO)
        project_rows.append(
            (
                project.name,
                project.budget,
                sum((row.requested_amount for row in mine), ZERO),
                committed,
                spent,
                spent / committed if committed else None,
                sum((row.amount for row in donated.get(project.pk, [])), ZERO),
                sum(1 for row in spent_rows if row.override_reason),
            )
        )
    source_rows = []
    for kind in FundingSourceKind:
        mine = [row for row in applications if row.source_kind == kind]
        spent = sum((row.amount for row in paid if kind_of_application[row.application_id] == kind), ZERO)
        source_rows.append(
            (
                str(kind.label),
                sum((row.requested_amount for row in mine), ZERO),
                sum((approved(row) for row in mine), ZERO),
                spent,
                len({project_of_application[row.pk] for row in mine}),
            )
        )
    return [
        Table(
            key="funding",
            title=_("Funding of the key projects"),
            columns=[
                Column(_("Project")),
                Column(_("Budget (yuan)"), MONEY),
                Column(_("Requested (yuan)"), MONEY),
                Column(_("Approved (yuan)"), MONEY),
                Column(_("Disbursed (yuan)"), MONEY),
                Column(_("Disbursed of approved"), PERCENT),
                Column(_("Donations received (yuan)"), MONEY),
                Column(_("Disbursements above approval"), INTEGER),
            ],
            rows=project_rows,
            note=_("Approved amounts count from the day of approval; disbursements from the day they were paid."),
        ),
        Table(
            key="funding_sources",
            title=_("Funding by source"),
            columns=[
                Column(_("Source")),
                Column(_("Requested (yuan)"), MONEY),
                Column(_("Approved (yuan)"), MONEY),
                Column(_("Disbursed (yuan)"), MONEY),
                Column(_("Number of projects"), INTEGER),
            ],
            rows=source_rows,
        ),
    ]


def _donation_tables(snapshot: Snapshot, projects, donations, as_of: datetime.date) -> list[Table]:
    donors = {row.pk: row for row in snapshot.rows(Donor)}
    spaces = {row.pk: row.name for row in snapshot.rows(GreenSpace)}
    project_names = {row.pk: row.name for row in projects}
    donations = sorted(donations, key=lambda row: (row.received_on, row.pk))
    donation_rows = [
        (
            donors[row.donor_id].name,
            donors[row.donor_id].get_kind_display(),
            row.amount,
            " · ".join(name for name in (project_names.get(row.project_id), spaces.get(row.green_space_id)) if name),
            row.received_on,
            row.receipt_no,
        )
        for row in donations
    ]
    naming_rows = []
    for request in snapshot.rows(NamingRequest):
        if request.requested_on > as_of:
            continue
        status, shown = request.status_on(as_of), request.is_shown_on(as_of)
        naming_rows.append(
            (
                spaces.get(request.green_space_id, ""),
                request.proposed_name,
                donors[request.donor_id].name,
                request.term_start,
                request.term_end,
                str(NamingRequestStatus(status).label),
                _("yes") if shown else _("no"),
            )
        )
    return [
        Table(
            key="donations",
            title=_("Donations"),
            columns=[
                Column(_("Donor")),
                Column(_("Donor kind")),
                Column(_("Amount (yuan)"), MONEY),
                Column(_("For")),
                Column(_("Received on"), DATE),
                Column(_("Receipt number")),
            ],
            rows=donation_rows,
        ),
        Table(
            key="naming",
            title=_("Naming of green spaces"),
            columns=[
                Column(_("Green space")),
                Column(_("Name given")),
                Column(_("Donor")),
                Column(_("Term from"), DATE),
                Column(_("Term to"), DATE),
                Column(_("Status")),
                Column(_("Shown on the park's page")),
            ],
            rows=naming_rows,
        ),
    ]
