"""The plans app's models: the registry, versions and documents, consultation, indicators, meetings."""

from plans.models.consultation import COMMENT_MAX_CHARS, NAME_MAX_CHARS, Consultation, ConsultationComment
from plans.models.documents import PlanDocument, PlanVersion
from plans.models.indicators import (
    AT_LEAST_DIRECTIONS,
    VALUE,
    Indicator,
    IndicatorMeasurement,
    indicator_status,
    plain_number,
    target_satisfied,
    trend_line,
    trend_value_at,
)
from plans.models.meetings import ActionItem, CoordinationMeeting
from plans.models.registry import YEAR_VALIDATORS, Plan, PlanProject, PlanRelation, PlanStatusChange

__all__ = [
    "AT_LEAST_DIRECTIONS",
    "COMMENT_MAX_CHARS",
    "NAME_MAX_CHARS",
    "VALUE",
    "YEAR_VALIDATORS",
    "ActionItem",
    "Consultation",
    "ConsultationComment",
    "CoordinationMeeting",
    "Indicator",
    "IndicatorMeasurement",
    "Plan",
    "PlanDocument",
    "PlanProject",
    "PlanRelation",
    "PlanStatusChange",
    "PlanVersion",
    "indicator_status",
    "plain_number",
    "target_satisfied",
    "trend_line",
    "trend_value_at",
]
