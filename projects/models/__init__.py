"""Capital projects (重点工程) delivered by checklist (清单化), milestone (节点化) and named responsibility (责任化),
with their sponge-city figures, funding, donations and naming rights, and special supervision."""

from projects.models.core import DonationScheme, Milestone, Project, WorkItem, checklist_progress
from projects.models.donations import Donation, Donor, NamingRequest
from projects.models.funding import Disbursement, FundingApplication
from projects.models.sponge import DesignRainfall, RunoffCoefficient, SurfaceArea
from projects.models.supervision import InspectionFinding, ProjectInspection, SpecialSupervisor

__all__ = [
    "DesignRainfall",
    "Disbursement",
    "Donation",
    "DonationScheme",
    "Donor",
    "FundingApplication",
    "InspectionFinding",
    "Milestone",
    "NamingRequest",
    "Project",
    "ProjectInspection",
    "RunoffCoefficient",
    "SpecialSupervisor",
    "SurfaceArea",
    "WorkItem",
    "checklist_progress",
]
