"""Writes of the green estate that matter: each one transaction, recorded with who did it."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from greening.lib.images import clean_photo
from greening.lib.notify import staff_recipients
from greenspaces.models import (
    GreenSpace,
    GreenSpaceNaming,
    HeritageTree,
    HeritageTreePatrol,
    HeritageTreePatrolPhoto,
    PatrolReminderDigest,
)
from greenspaces.selectors import heritage_trees_patrol_overdue


@transaction.atomic
def heritage_tree_patrol_record(
    *,
    tree: HeritageTree,
    patrol_date: datetime.date,
    inspector_name: str,
    findings: str,
    vigour_observed: str,
    photos: Sequence[UploadedFile] = (),
    actor=None,
) -> HeritageTreePatrol:
    """Record a patrol of a heritage tree, its photos, and the tree's vigour as now observed.

    Photos are decoded, re-encoded and stripped of EXIF before anything is saved; a bad photo
    rejects the whole patrol, so nothing is half-written.
    """
    cleaned_photos = [clean_photo(photo) for photo in photos]
    patrol = HeritageTreePatrol(
        tree=tree,
        patrol_date=patrol_date,
        inspector=actor if getattr(actor, "is_authenticated", False) else None,
        inspector_name=inspector_name,
        findings=findings,
        vigour_observed=vigour_observed,
    )
    patrol.full_clean()
    patrol._history_user = actor
    patrol.save()
    for photo in cleaned_photos:
        HeritageTreePatrolPhoto.objects.create(patrol=patrol, image=photo)
    latest = tree.patrols.order_by("-patrol_date", "-id").values_list("pk", flat=True).first()
    if latest == patrol.pk and tree.vigour != vigour_observed:
        tree.vigour = vigour_observed
        tree._history_user = actor
        tree._change_reason = _("Vigour observed on patrol of %(date)s") % {"date": patrol_date.isoformat()}
        tree.save(update_fields=["vigour"])
    return patrol


def heritage_tree_patrol_reminders_send(*, today: datetime.date | None = None) -> PatrolReminderDigest | None:
    """E-mail staff the list of heritage trees whose patrol is overdue, at most once a day.

    The digest row for the day is claimed first (unique date), so a retried or repeated task
    sends nothing twice. Returns the digest, or None when nothing was due or it was already sent.
    """
    today = today or timezone.localdate()
    overdue = heritage_trees_patrol_overdue(today=today)
    recipients = staff_recipients()
    if not overdue or not recipients:
        return None
    try:
        with transaction.atomic():
            digest = PatrolReminderDigest.objects.create(
                date=today, overdue_count=len(overdue), recipients=", ".join(recipients)
            )
            with translation.override(settings.LANGUAGE_CODE):
                subject = ngettext(
                    "%(count)d heritage tree is overdue for patrol",
                    "%(count)d heritage trees are overdue for patrol",
                    len(overdue),
                ) % {"count": len(overdue)}
                body = render_to_string("greenspaces/patrol_reminder.txt", {"trees": overdue, "today": today})
            # Inside the transaction: if sending fails the claim is rolled back and a retry sends again.
            send_mail(subject, body, None, recipients)
    except IntegrityError:
        return None
    return digest


@transaction.atomic
def green_space_name(
    *,
    green_space: GreenSpace,
    name: str,
    valid_from: datetime.date,
    valid_until: datetime.date,
    note: str = "",
    actor=None,
) -> GreenSpaceNaming:
    """Give a green space a name for a term (both days included), e.g. a donor's naming (冠名).

    A space carries one such name at a time: a term overlapping another naming of the same space is
    refused. The space's row is locked first, so two namings decided at once cannot both pass.
    """
    GreenSpace.objects.select_for_update().only("pk").get(pk=green_space.pk)
    naming = GreenSpaceNaming(
        green_space=green_space, name=(name or "").strip(), valid_from=valid_from, valid_until=valid_until, note=note
    )
    naming.full_clean()
    overlapping = green_space_naming_overlapping(
        green_space=green_space, valid_from=valid_from, valid_until=valid_until
    )
    if overlapping is not None:
        raise ValidationError(
            {"valid_from": ValidationError(overlap_message(green_space, overlapping), code="overlapping_naming")}
        )
    naming._history_user = actor
    naming.save()
    return naming


def green_space_naming_overlapping(
    *, green_space: GreenSpace, valid_from: datetime.date, valid_until: datetime.date
) -> GreenSpaceNaming | None:
    """Another naming of the space whose term shares a day with ``valid_from``–``valid_until``, if any."""
    return (
        GreenSpaceNaming.objects.filter(
            green_space=green_space, valid_from__lte=valid_until, valid_until__gte=valid_from
        )
        .order_by("valid_from")
        .first()
    )


def overlap_message(green_space: GreenSpace, overlapping: GreenSpaceNaming) -> str:
    return _("%(space)s is already named “%(name)s” from %(start)s to %(end)s.") % {
        "space": green_space.name,
        "name": overlapping.name,
        "start": overlapping.valid_from.isoformat(),
        "end": overlapping.valid_until.isoformat(),
    }
