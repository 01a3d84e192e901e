"""``python manage.py ingest_cap FILE…``: ingest CAP 1.2 warning files and report what each did."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from maintenance import services
from maintenance.cap import CapError
from maintenance.choices import AlertSource


class Command(BaseCommand):
    help = (
        "Ingest CAP 1.2 warning files: print each alert, its status and the orders created (exit 1 if any is rejected)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help="CAP 1.2 XML files, in the order they were sent")
        parser.add_argument(
            "--replay",
            action="store_true",
            help="Act on warnings that have already expired, as if they had just arrived (training, demos).",
        )

    def handle(self, *args, files: list[Path], replay: bool = False, **options) -> None:
        rejected = 0
        for path in files:
            try:
                result = services.alert_ingest(document=path.read_bytes(), source=AlertSource.FILE, replay=replay)
            except OSError as error:
                rejected += 1
                self.stderr.write(_("%(file)s: cannot be read: %(error)s") % {"file": path, "error": error.strerror})
                continue
            except (CapError, services.AlertError, ValidationError) as error:
                rejected += 1
                message = getattr(error, "message", None) or "; ".join(getattr(error, "messages", [str(error)]))
                self.stderr.write(_("%(file)s: rejected: %(reason)s") % {"file": path, "reason": message})
                continue
            alert = result.alert
            if not result.created:
                self.stdout.write(
                    _("%(file)s: already ingested as alert #%(id)d (%(headline)s); nothing changed.")
                    % {"file": path, "id": alert.pk, "headline": alert.headline or alert.identifier}
                )
                continue
            fan_out = result.fan_out
            self.stdout.write(
                _(
                    "%(file)s: alert #%(id)d %(headline)s [%(msg_type)s, %(status)s, %(state)s]: "
                    "%(created)d orders created, %(updated)d updated, %(cancelled)d cancelled"
                )
                % {
                    "file": path,
                    "id": alert.pk,
                    "headline": alert.headline or alert.identifier,
                    "msg_type": alert.get_msg_type_display(),
                    "status": alert.get_status_display(),
                    "state": alert.get_state_display(),
                    "created": fan_out.created_count,
                    "updated": len(fan_out.updated),
                    "cancelled": len(fan_out.cancelled),
                }
            )
            if fan_out.uncovered:
                names = "、".join(space.name for space in fan_out.uncovered)
                self.stdout.write(
                    _("  no contractor holds these green spaces (orders wait unassigned): %(names)s") % {"names": names}
                )
        if rejected:
            raise CommandError(
                _("%(count)d of %(total)d files rejected.") % {"count": rejected, "total": len(files)}, returncode=1
            )
