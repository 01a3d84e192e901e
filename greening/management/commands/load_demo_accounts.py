"""``python manage.py load_demo_accounts``: the demo's staff, contractor and steward log-ins."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

# Domain apps whose models bureau staff manage in the admin.
STAFF_APPS = ("greenspaces", "projects", "plans", "nurseries", "maintenance", "volunteers")

STAFF_GROUP = "园林绿化科"
CONTRACTOR_GROUP = "养护单位"
STEWARD_GROUP = "市民园长"
SUPERVISOR_GROUP = "特约监督员"

DEMO_ACCOUNTS = [
    # username, password, group, is_staff, first name
    ("staff", "yq-staff-demo", STAFF_GROUP, True, "园林科演示账号"),
    ("contractor", "yq-contractor-demo", CONTRACTOR_GROUP, False, "养护单位演示账号"),
    ("steward", "yq-steward-demo", STEWARD_GROUP, False, "市民园长演示账号"),
    ("supervisor", "yq-supervisor-demo", SUPERVISOR_GROUP, False, "特约监督员演示账号"),
]


class Command(BaseCommand):
    help = "Create the demo accounts (staff, contractor, steward) with known passwords. Refused unless DEBUG is on."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Create them although DEBUG is off (never on a public server).",
        )

    def handle(self, *args, allow_without_debug: bool = False, **options) -> None:
        if not (settings.DEBUG or settings.DEMO_ACCOUNTS or allow_without_debug):
            raise CommandError(
                _(
                    "Demo accounts have known passwords and are only created with DEBUG=true, DEMO_ACCOUNTS=true "
                    "or --allow-without-debug."
                )
            )
        with transaction.atomic():
            groups = self._groups()
            user_model = get_user_model()
            for username, password, group, is_staff, first_name in DEMO_ACCOUNTS:
                user, created = user_model.objects.get_or_create(
                    username=username, defaults={"is_staff": is_staff, "first_name": first_name}
                )
                if created:
                    user.set_password(password)
                    user.save()
                user.groups.add(groups[group])
                status = _("created") if created else _("exists")
                self.stdout.write(f"  {username:<12} {password:<22} {group} ({status})")
            self._demo_records(user_model)

    def _demo_records(self, user_model) -> None:
        """What the demo log-ins need to see their pages: a steward's parks and induction, a supervisor's
        inspection, a draft plan open for comment. Needs the city data."""
        from plans.demo import load_demo_consultation
        from plans.models import Plan
        from volunteers.demo import load_demo_steward, load_demo_supervisor

        if not Plan.objects.exists():
            self.stdout.write(_("No city data yet: run load_yangquan first for the demo records."))
            return
        staff = user_model.objects.get(username="staff")
        load_demo_steward(user=user_model.objects.get(username="steward"), actor=staff)
        load_demo_supervisor(user=user_model.objects.get(username="supervisor"), actor=staff)
        demo = load_demo_consultation(actor=staff)
        if demo.consultation is not None:
            self.stdout.write(_("Demo consultation open for comment at /plans/%(id)s/") % {"id": demo.consultation.pk})

    def _groups(self) -> dict[str, Group]:
        staff_group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
        staff_group.permissions.set(Permission.objects.filter(content_type__app_label__in=STAFF_APPS))
        return {
            STAFF_GROUP: staff_group,
            CONTRACTOR_GROUP: Group.objects.get_or_create(name=CONTRACTOR_GROUP)[0],
            STEWARD_GROUP: Group.objects.get_or_create(name=STEWARD_GROUP)[0],
            SUPERVISOR_GROUP: Group.objects.get_or_create(name=SUPERVISOR_GROUP)[0],
        }
