"""Writes of the capital projects, one transaction each, recorded with who did them.

Split by subject; everything is importable from ``projects.services``.
"""

from projects.services.core import (
    PROJECT_TRANSITIONS,
    milestone_complete,
    milestone_reopen,
    project_change_status,
    work_item_record_progress,
)
from projects.services.donations import (
    donation_record,
    donation_scheme_applicable,
    donation_scheme_in_force,
    donor_total,
    naming_request_approve,
    naming_request_check,
    naming_request_reject,
    naming_request_submit,
    naming_requests_expire,
    naming_term_end,
)
from projects.services.funding import (
    disbursement_record,
    funding_application_approve,
    funding_application_reject,
    funding_application_submit,
)
from projects.services.sponge import surface_area_set
from projects.services.supervision import (
    finding_close,
    inspection_record_finding,
    inspection_record_held,
    inspection_schedule,
)

__all__ = [
    "PROJECT_TRANSITIONS",
    "disbursement_record",
    "donation_record",
    "donation_scheme_applicable",
    "donation_scheme_in_force",
    "donor_total",
    "finding_close",
    "funding_application_approve",
    "funding_application_reject",
    "funding_application_submit",
    "inspection_record_finding",
    "inspection_record_held",
    "inspection_schedule",
    "milestone_complete",
    "milestone_reopen",
    "naming_request_approve",
    "naming_request_check",
    "naming_request_reject",
    "naming_request_submit",
    "naming_requests_expire",
    "naming_term_end",
    "project_change_status",
    "surface_area_set",
    "work_item_record_progress",
]
