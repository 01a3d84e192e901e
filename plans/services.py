"""Writes of the plans registry that matter: each one transaction, recorded with who did it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from greening.lib.validators import validate_mainland_mobile
from plans import throttle
from plans.choices import ActionItemStatus, CommentStatus, PlanStatus
from plans.documents import inspect_plan_document
from plans.models import (
    COMMENT_MAX_CHARS,
    NAME_MAX_CHARS,
    ActionItem,
    Consultation,
    ConsultationComment,
    CoordinationMeeting,
    Plan,
    PlanDocument,
    PlanStatusChange,
    PlanVersion,
)

# The life of a plan: drafted, put out for public notice and comment (向社会公示征求意见), possibly
# revised, approved, then in force until a newer plan supersedes it or its period ends.
PLAN_STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    PlanStatus.DRAFTING: frozenset({PlanStatus.PUBLIC_CONSULTATION}),
    PlanStatus.PUBLIC_CONSULTATION: frozenset({PlanStatus.DRAFTING, PlanStatus.APPROVED}),
    PlanStatus.APPROVED: frozenset({PlanStatus.IN_FORCE}),
    PlanStatus.IN_FORCE: frozenset({PlanStatus.SUPERSEDED, PlanStatus.EXPIRED}),
    PlanStatus.SUPERSEDED: frozenset(),
    PlanStatus.EXPIRED: frozenset(),
}


class PlanTransitionError(ValidationError):
    """A plan status change that the plan's life does not allow; the message is translated."""


def plan_status_targets(status: str) -> list[str]:
    """The statuses a plan in ``status`` may move to, in the order of ``PlanStatus``."""
    allowed = PLAN_STATUS_TRANSITIONS.get(status, frozenset())
    return [value for value in PlanStatus.values if value in allowed]


def _label(status: str) -> str:
    return str(PlanStatus(status).label) if status in PlanStatus.values else status


@transaction.atomic
def plan_change_status(*, plan: Plan, to: str, actor=None, note: str = "") -> Plan:
    """Move a plan to status ``to`` if its life allows it; record who, when, from, to and why.

    The change is written as a ``PlanStatusChange`` row and in the plan's audit history. An
    illegal move raises ``PlanTransitionError`` and changes nothing. ``plan`` is updated in place.
    """
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if to not in PLAN_STATUS_TRANSITIONS.get(locked.status, frozenset()):
        raise PlanTransitionError(
            _("A plan that is %(current)s cannot become %(target)s.")
            % {"current": _label(locked.status), "target": _label(to)},
            code="invalid_transition",
        )
    from_status = locked.status
    note = note.strip()
    locked.status = to
    locked._history_user = actor
    # The history's reason column holds 100 characters; the full note is on the status change row.
    locked._change_reason = (note or f"{from_status} → {to}")[:100]
    locked.save(update_fields=["status"])
    PlanStatusChange.objects.create(
        plan=locked,
        from_status=from_status,
        to_status=to,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
    )
    plan.status = to
    return plan


# --- Versions and documents -------------------------------------------------------------------


@transaction.atomic
def plan_version_add(
    *, plan: Plan, label: str, date: datetime.date, summary: str = "", notes: str = "", actor=None
) -> PlanVersion:
    """Add the next version of a plan's text (numbered one more than the last), recorded with who added it."""
    Plan.objects.select_for_update().get(pk=plan.pk)  # one numbering at a time per plan
    version = PlanVersion(
        plan=plan,
        number=PlanVersion.next_number(plan),
        label=label,
        date=date,
        summary=summary.strip(),
        notes=notes.strip(),
        created_by=_user(actor),
    )
    version.full_clean()
    version._history_user = actor
    version.save()
    return version


@transaction.atomic
def plan_document_add(*, version: PlanVersion, title: str, upload: File, actor=None, notes: str = "") -> PlanDocument:
    """Store a document of a plan version after ``inspect_plan_document`` accepted it (type by content, size)."""
    info = inspect_plan_document(upload)
    document = PlanDocument(
        version=version,
        title=title.strip() or info.name,
        original_name=info.name[:200],
        kind=info.kind,
        size=info.size,
        notes=notes.strip(),
    )
    document.file = upload
    document.full_clean()
    document._history_user = actor
    document.save()
    return document


# --- Public consultation ----------------------------------------------------------------------

# Plans in these statuses may be put out for comment: a draft, or a plan already out for comment
# (a second round on a revised version). An approved plan or one in force is no longer a draft.
CONSULTABLE = frozenset({PlanStatus.DRAFTING, PlanStatus.PUBLIC_CONSULTATION})


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def consultation_check(
    *, version: PlanVersion, starts_at: datetime.datetime, ends_at: datetime.datetime, exclude: int | None = None
) -> None:
    """Refuse a window that ends before it starts, a plan past drafting, or an overlap with another window."""
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The consultation must close after it opens.")}, code="window")
    plan = version.plan
    if plan.status not in CONSULTABLE:
        raise ValidationError(
            {
                "version": _(
                    "A plan that is %(status)s cannot be put out for public comment; only a plan being drafted can."
                )
                % {"status": PlanStatus(plan.status).label}
            },
            code="plan_status",
        )
    overlapping = (
        Consultation.objects.filter(version__plan=plan, starts_at__lte=ends_at, ends_at__gte=starts_at)
        .exclude(pk=exclude)
        .order_by("starts_at")
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            {
                "starts_at": _("This plan already has a consultation from %(start)s to %(end)s.")
                % {"start": _when(overlapping.starts_at), "end": _when(overlapping.ends_at)}
            },
            code="overlap",
        )


@transaction.atomic
def consultation_open(
    *,
    version: PlanVersion,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    actor,
    notice: str,
    notes: str = "",
) -> Consultation:
    """Open a public comment window on a plan version (公示征求意见).

    A drafting plan moves to "public notice and comment" through ``plan_change_status`` (recorded
    with who and when); a plan already out for comment stays so. Refused, with nothing written,
    when the plan is past drafting, the window is empty, or it overlaps another window on the plan.
    """
    plan = Plan.objects.select_for_update().get(pk=version.plan_id)  # serialises openings per plan
    version.plan = plan
    if not notice.strip():
        raise ValidationError({"notice": _("Write the notice the public will read.")}, code="notice")
    consultation_check(version=version, starts_at=starts_at, ends_at=ends_at)
    consultation = Consultation(
        version=version,
        starts_at=starts_at,
        ends_at=ends_at,
        notice=notice.strip(),
        notes=notes.strip(),
        opened_by=_user(actor),
    )
    consultation.full_clean()
    consultation._history_user = actor
    consultation.save()
    if plan.status == PlanStatus.DRAFTING:
        plan_change_status(
            plan=plan,
            to=PlanStatus.PUBLIC_CONSULTATION,
            actor=actor,
            note=_("Public comment on %(version)s from %(start)s to %(end)s.")
            % {"version": version.get_label_display(), "start": _when(starts_at), "end": _when(ends_at)},
        )
    return consultation


@transaction.atomic
def consultation_close(*, consultation: Consultation, actor, now: datetime.datetime | None = None) -> Consultation:
    """Close an open consultation now: its end moves to this moment, recorded with who closed it.

    The plan's status is left alone: staff decide whether the plan goes back to drafting or on to approval.
    """
    now = now or timezone.now()
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    # At its very first moment a window cannot close: it would end when it starts.
    if not locked.is_open(now) or now <= locked.starts_at:
        raise ValidationError(_("Only an open consultation can be closed."), code="not_open")
    locked.ends_at = now
    locked.closed_early_at = now
    locked.closed_early_by = _user(actor)
    locked._history_user = actor
    locked.save(update_fields=["ends_at", "closed_early_at", "closed_early_by"])
    return locked


@transaction.atomic
def consultation_extend(
    *, consultation: Consultation, ends_at: datetime.datetime, actor, now: datetime.datetime | None = None
) -> Consultation:
    """Move the end of a consultation that has not ended yet to a later moment (no overlap with the next one)."""
    now = now or timezone.now()
    locked = Consultation.objects.select_for_update().select_related("version__plan").get(pk=consultation.pk)
    if locked.has_ended(now):
        raise ValidationError({"ends_at": _("A consultation that has ended cannot be extended.")}, code="ended")
    if ends_at <= locked.ends_at:
        raise ValidationError(
            {"ends_at": _("The new end must be later than %(end)s.") % {"end": _when(locked.ends_at)}},
            code="not_later",
        )
    overlapping = (
        Consultation.objects.filter(
            version__plan=locked.version.plan, starts_at__lte=ends_at, ends_at__gte=locked.starts_at
        )
        .exclude(pk=locked.pk)
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            {
                "ends_at": _("This plan already has a consultation from %(start)s to %(end)s.")
                % {"start": _when(overlapping.starts_at), "end": _when(overlapping.ends_at)}
            },
            code="overlap",
        )
    locked.ends_at = ends_at
    locked._history_user = actor
    locked.save(update_fields=["ends_at"])
    return locked


# --- Comments from the public ---------------------------------------------------------------


class CommentRateLimited(ValidationError):
    """Too many comments from one sender or one mobile number; pages answer HTTP 429."""


def client_key_for(address: str) -> str:
    """A keyed hash of the sender's IP address: enough to count a sender's comments, never the address."""
    return salted_hmac("plans.consultation.client", address or "unknown", algorithm="sha256").hexdigest()


def _mobile_key(mobile: str) -> str:
    # The cache holds no phone numbers either.
    return salted_hmac("plans.consultation.mobile", mobile, algorithm="sha256").hexdigest()


def _normalised(text: str) -> str:
    # Browsers send a textarea's line breaks as CRLF; a reader counts one character each.
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


@transaction.atomic
def comment_submit(
    *,
    consultation: Consultation,
    body: str,
    name: str = "",
    mobile: str = "",
    client_key: str,
    now: datetime.datetime | None = None,
) -> ConsultationComment:
    """Take a comment from the public, to await moderation; refused with translated field errors when:

    * the window is not open (before the start: "not open yet"; after the end: "closed on <date>"),
    * the comment is empty or only spaces, or longer than 2,000 characters; the name is longer than 50;
      the mobile number is not an 11-digit mainland number,
    * the sender (``client_key``) has had 5 comments accepted in the current 10-minute window
      (``CONSULTATION_COMMENTS_PER_CLIENT``), or the mobile number 3 today
      (``CONSULTATION_COMMENTS_PER_MOBILE``): ``CommentRateLimited``.

    Only ACCEPTED comments count against the limits: a refused attempt (a typo, an empty box, a
    closed window) costs the sender nothing, so a citizen who fixes a mistake is not locked out.
    A flood is still stopped, because every accepted comment counts and is stored for moderation.
    """
    now = now or timezone.now()
    if now < consultation.starts_at:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _("This consultation is not open yet; it opens on %(date)s.")
                % {"date": _when(consultation.starts_at)}
            },
            code="not_open_yet",
        )
    if now > consultation.ends_at:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _("This consultation closed on %(date)s; comments are no longer taken.")
                % {"date": _when(consultation.ends_at)}
            },
            code="closed",
        )
    body, name, mobile = _normalised(body), (name or "").strip(), "".join((mobile or "").split())
    errors: dict[str, list[ValidationError]] = {}
    if not body:
        errors.setdefault("body", []).append(ValidationError(_("Write your comment."), code="required"))
    elif len(body) > COMMENT_MAX_CHARS:
        errors.setdefault("body", []).append(
            ValidationError(
                _("Keep your comment to %(limit)s characters; it has %(length)s.")
                % {"limit": f"{COMMENT_MAX_CHARS:,}", "length": f"{len(body):,}"},
                code="too_long",
            )
        )
    if len(name) > NAME_MAX_CHARS:
        errors.setdefault("name", []).append(
            ValidationError(_("Keep your name to %(limit)s characters.") % {"limit": NAME_MAX_CHARS}, code="too_long")
        )
    if mobile:
        try:
            validate_mainland_mobile(mobile)
        except ValidationError as error:
            errors.setdefault("mobile", []).append(error)
    if errors:
        raise ValidationError(errors)
    client_window = throttle.take(
        f"plans:comments:client:{client_key}",
        throttle.setting_rate("CONSULTATION_COMMENTS_PER_CLIENT"),
        now,
    )
    if client_window is None:
        raise CommentRateLimited(
            {
                NON_FIELD_ERRORS: _(
                    "You have sent several comments in a short time. Please wait a few minutes and send it again."
                )
            },
            code="rate_limited",
        )
    if mobile:
        mobile_window = throttle.take(
            f"plans:comments:mobile:{_mobile_key(mobile)}",
            throttle.setting_rate("CONSULTATION_COMMENTS_PER_MOBILE"),
            now,
        )
        if mobile_window is None:
            throttle.give_back(client_window)
            raise CommentRateLimited(
                {"mobile": _("This mobile number has sent its comments for today. Please send more tomorrow.")},
                code="rate_limited",
            )
    comment = ConsultationComment(
        consultation=consultation, body=body, name=name, mobile=mobile, client_key=client_key, created_at=now
    )
    comment.full_clean()
    comment.save()
    return comment


# --- Moderation --------------------------------------------------------------------------------

# Which moderation step each status allows. A rejected comment can be published after all (a
# moderator's mistake); a published one withdrawn by rejecting it; a rejected one gets no reply.
PUBLISH_FROM = frozenset({CommentStatus.PENDING, CommentStatus.REJECTED})
REJECT_FROM = frozenset({CommentStatus.PENDING, CommentStatus.PUBLISHED})
REPLY_FROM = frozenset({CommentStatus.PENDING, CommentStatus.PUBLISHED})


def _locked_comment(comment: ConsultationComment, allowed: frozenset[str], step: str) -> ConsultationComment:
    locked = ConsultationComment.objects.select_for_update().get(pk=comment.pk)
    if locked.status not in allowed:
        raise ValidationError(
            _("A comment that is %(status)s cannot be %(step)s.")
            % {"status": CommentStatus(locked.status).label, "step": step},
            code="invalid_transition",
        )
    return locked


def _refresh(target: ConsultationComment, source: ConsultationComment) -> ConsultationComment:
    for field in ("status", "moderated_by", "moderated_at", "rejection_reason", "reply", "replied_by", "replied_at"):
        setattr(target, field, getattr(source, field))
    return target


@transaction.atomic
def comment_publish(
    *, comment: ConsultationComment, actor, now: datetime.datetime | None = None
) -> ConsultationComment:
    """Publish a comment on the public page, recorded with who published it and when."""
    locked = _locked_comment(comment, PUBLISH_FROM, pgettext("moderation step", "published"))
    locked.status = CommentStatus.PUBLISHED
    locked.rejection_reason = ""
    locked.moderated_by, locked.moderated_at = _user(actor), now or timezone.now()
    locked._history_user = actor
    locked.save()
    return _refresh(comment, locked)


@transaction.atomic
def comment_reject(
    *, comment: ConsultationComment, reason: str, actor, now: datetime.datetime | None = None
) -> ConsultationComment:
    """Keep a comment off the public page, with the reason, who and when (it stays on record for staff)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for rejecting the comment.")}, code="reason_required")
    locked = _locked_comment(comment, REJECT_FROM, pgettext("moderation step", "rejected"))
    locked.status = CommentStatus.REJECTED
    locked.rejection_reason = reason.strip()
    locked.moderated_by, locked.moderated_at = _user(actor), now or timezone.now()
    locked._history_user = actor
    locked._change_reason = reason.strip()[:100]
    locked.save()
    return _refresh(comment, locked)


@transaction.atomic
def comment_reply(
    *, comment: ConsultationComment, text: str, actor, now: datetime.datetime | None = None
) -> ConsultationComment:
    """Answer a comment; the comment is published with the answer (a second reply replaces the first)."""
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the reply.")}, code="reply_required")
    now = now or timezone.now()
    locked = _locked_comment(comment, REPLY_FROM, pgettext("moderation step", "answered"))
    if locked.status != CommentStatus.PUBLISHED:
        locked.status = CommentStatus.PUBLISHED
        locked.moderated_by, locked.moderated_at = _user(actor), now
    locked.reply = _normalised(text)
    locked.replied_by, locked.replied_at = _user(actor), now
    locked._history_user = actor
    locked.save()
    return _refresh(comment, locked)


# --- Coordination meetings (碰头机制) ---------------------------------------------------------


@transaction.atomic
def meeting_record(
    *,
    date: datetime.date,
    title: str,
    convened_by: str,
    units_attending: Sequence[str] | str,
    minutes: str = "",
    decisions: str = "",
    plans: Iterable[Plan] = (),
    action_items: Iterable[Mapping[str, Any]] = (),
    actor=None,
) -> CoordinationMeeting:
    """Record a coordination meeting with its action items (text, owner_unit, owner_person, due_date, note).

    Everything is checked before anything is written: one bad action item and nothing is saved.
    """
    units = units_attending if isinstance(units_attending, str) else "\n".join(units_attending)
    meeting = CoordinationMeeting(
        date=date,
        title=title.strip(),
        convened_by=convened_by.strip(),
        units_attending=units.strip(),
        minutes=minutes.strip(),
        decisions=decisions.strip(),
        recorded_by=_user(actor),
    )
    meeting.full_clean()
    items = [ActionItem(meeting=meeting, status=ActionItemStatus.OPEN, **dict(row)) for row in action_items]
    for index, item in enumerate(items, start=1):
        try:
            item.full_clean(exclude=["meeting"])
            item.clean()
        except ValidationError as error:
            raise ValidationError(
                {
                    "action_items": _("Action item %(number)s: %(errors)s")
                    % {"number": index, "errors": " ".join(error.messages)}
                },
                code="action_item",
            ) from error
    meeting._history_user = actor
    meeting.save()
    meeting.plans.set(list(plans))
    for item in items:
        item.meeting = meeting
        item._history_user = actor
        item.save()
    return meeting


def _locked_open_item(item: ActionItem) -> ActionItem:
    locked = ActionItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if locked.status != ActionItemStatus.OPEN:
        raise ValidationError(
            _("This action item is already %(status)s.") % {"status": ActionItemStatus(locked.status).label},
            code="not_open",
        )
    return locked


def _append(note: str, addition: str) -> str:
    return f"{note}\n{addition}".strip() if note else addition


@transaction.atomic
def action_item_complete(*, item: ActionItem, on: datetime.date, actor, note: str = "") -> ActionItem:
    """Mark an open action item done on a date (not in the future, not before its meeting)."""
    locked = _locked_open_item(item)
    if on > timezone.localdate():
        raise ValidationError({"on": _("An action cannot be done in the future.")}, code="future")
    if on < locked.meeting.date:
        raise ValidationError({"on": _("An action cannot be done before the meeting that agreed it.")}, code="early")
    locked.status, locked.done_on = ActionItemStatus.DONE, on
    if note.strip():
        locked.note = _append(locked.note, note.strip())
    locked._history_user = actor
    locked.save()
    item.status, item.done_on, item.note = locked.status, locked.done_on, locked.note
    return item


@transaction.atomic
def action_item_drop(*, item: ActionItem, reason: str, actor) -> ActionItem:
    """Drop an open action item (no longer needed, overtaken by events), with the reason in its note."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for dropping the action.")}, code="reason_required")
    locked = _locked_open_item(item)
    locked.status = ActionItemStatus.DROPPED
    locked.note = _append(locked.note, _("Dropped: %(reason)s") % {"reason": reason.strip()})
    locked._history_user = actor
    locked._change_reason = reason.strip()[:100]
    locked.save()
    item.status, item.note = locked.status, locked.note
    return item
