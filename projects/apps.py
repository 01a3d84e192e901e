from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Capital projects, work items, milestones, funding, donations and naming."""

    name = "projects"
    verbose_name = _("Projects")
