"""Writes of the citizen-steward programme: each one transaction, recorded with who did it."""

from __future__ import annotations

import datetime
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from greening.lib.images import clean_photo
from greening.lib.notify import notify_staff
from greenspaces.models import GreenSpace
from maintenance import selectors as maintenance_selectors
from maintenance.choices import OrderSource, OrderStatus, Priority
from maintenance.models import MaintenanceOrder
from maintenance.services import order_create
from volunteers import selectors
from volunteers.choices import (
    ApplicationStatus,
    CodePurpose,
    EnrolmentStatus,
    ProblemVerdict,
    StewardStatus,
    SuggestionStatus,
)
from volunteers.models import (
    MAX_PHOTOS,
    Inspection,
    InspectionItem,
    InspectionPhoto,
    OneTimeCode,
    ProblemReview,
    Steward,
    StewardApplication,
    Suggestion,
    SuggestionPhoto,
    TrainingEnrolment,
    TrainingSession,
)
from volunteers.sms import send_sms


def _actor_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- Applications -----------------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *,
    name: str,
    mobile: str,
    green_spaces: Sequence[GreenSpace],
    availability: str,
    motivation: str,
    consent: bool,
) -> StewardApplication:
    """A citizen applies to be a steward; staff decide in the admin. One pending application per number."""
    mobile = mobile.strip()
    if Steward.objects.filter(mobile=mobile).exists():
        raise ValidationError(
            {"mobile": _("This mobile number already belongs to a steward. Sign in, or set a password with a code.")}
        )
    if StewardApplication.objects.filter(mobile=mobile, status=ApplicationStatus.PENDING).exists():
        raise ValidationError(
            {"mobile": _("An application from this mobile number is already waiting for a decision.")}
        )
    if not green_spaces:
        raise ValidationError({"green_spaces": _("Choose at least one green space you would look after.")})
    application = StewardApplication(
        name=name.strip(),
        mobile=mobile,
        availability=availability,
        motivation=motivation.strip(),
        consent=consent,
    )
    application.full_clean()
    application._change_reason = "applied"
    application.save()
    application.preferred_green_spaces.set(green_spaces)
    return application


def _locked_pending(application: StewardApplication) -> StewardApplication:
    locked = StewardApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != ApplicationStatus.PENDING:
        raise ValidationError(
            _("This application has already been decided: %(status)s.") % {"status": locked.get_status_display()},
            code="decided",
        )
    return locked


@transaction.atomic
def application_approve(
    *, application: StewardApplication, actor, green_spaces: Sequence[GreenSpace] | None = None, reason: str = ""
) -> Steward:
    """Approve an application: create the steward's account (username = mobile number, no password
    yet), assign the green spaces (the preferred ones unless staff chose others) and send a one-time
    code by SMS so the steward can set a password."""
    application = _locked_pending(application)
    spaces = list(green_spaces) if green_spaces is not None else list(application.preferred_green_spaces.all())
    if not spaces:
        raise ValidationError({"green_spaces": _("Assign at least one green space.")})
    User = get_user_model()
    if (
        User.objects.filter(username=application.mobile).exists()
        or Steward.objects.filter(mobile=application.mobile).exists()
    ):
        raise ValidationError({"mobile": _("An account with this mobile number already exists.")})
    user = User(username=application.mobile, first_name=application.name[:150])
    user.set_unusable_password()
    user.save()
    steward = Steward(user=user, name=application.name, mobile=application.mobile)
    steward._history_user = _actor_or_none(actor)
    steward._change_reason = "approved"
    steward.save()
    steward.green_spaces.set(spaces)
    application.status = ApplicationStatus.APPROVED
    application.decision_reason = reason.strip()
    application.decided_at = timezone.now()
    application.decided_by = _actor_or_none(actor)
    application.steward = steward
    application._history_user = _actor_or_none(actor)
    application._change_reason = "approved"
    application.save()
    _code_issue(mobile=steward.mobile, welcome=True)
    return steward


@transaction.atomic
def application_reject(*, application: StewardApplication, actor, reason: str) -> StewardApplication:
    """Reject an application with a reason the applicant sees on the status page."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the application is not approved.")})
    application = _locked_pending(application)
    application.status = ApplicationStatus.REJECTED
    application.decision_reason = reason.strip()
    application.decided_at = timezone.now()
    application.decided_by = _actor_or_none(actor)
    application._history_user = _actor_or_none(actor)
    application._change_reason = "rejected"
    application.save()
    return application


# --- One-time codes (SMS) ---------------------------------------------------------------------

CODE_DIGITS = 6


def _code_hash(mobile: str, code: str) -> str:
    return salted_hmac("volunteers.one-time-code", f"{mobile}:{code}", algorithm="sha256").hexdigest()


def _code_issue(*, mobile: str, welcome: bool = False) -> OneTimeCode:
    """Make a fresh code for ``mobile`` (earlier unused ones stop working) and text it after commit."""
    now = timezone.now()
    minutes = settings.STEWARD_CODE_TTL_MINUTES
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    OneTimeCode.objects.filter(mobile=mobile, purpose=CodePurpose.SET_PASSWORD, used_at__isnull=True).update(
        expires_at=now
    )
    row = OneTimeCode.objects.create(
        mobile=mobile,
        purpose=CodePurpose.SET_PASSWORD,
        code_hash=_code_hash(mobile, code),
        created_at=now,
        expires_at=now + datetime.timedelta(minutes=minutes),
    )
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("volunteers:password-set")
        if welcome:
            text = _(
                "Yangquan greening: your application to be a citizen park steward is approved. Set your password "
                "at %(path)s with the code %(code)s (valid %(minutes)d minutes). Do not share the code."
            ) % {"path": path, "code": code, "minutes": minutes}
        else:
            text = _(
                "Yangquan greening: your code is %(code)s, valid %(minutes)d minutes. Use it at %(path)s to set "
                "your password. Do not share the code."
            ) % {"path": path, "code": code, "minutes": minutes}
    transaction.on_commit(lambda: send_sms(mobile, text))
    return row


def _count_within_limit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one more use of ``key`` in a fixed window; False once ``limit`` is exceeded (cache framework)."""
    window = int(timezone.now().timestamp()) // window_seconds
    full_key = f"stewards:rate:{key}:{window}"
    cache.add(full_key, 0, timeout=window_seconds + 60)
    try:
        used = cache.incr(full_key)
    except ValueError:  # evicted between add and incr
        cache.set(full_key, 1, timeout=window_seconds + 60)
        used = 1
    return used <= limit


def code_request(*, mobile: str, ip_address: str) -> None:
    """Text a code to set the password, if ``mobile`` belongs to an active steward.

    The answer is the same whether or not the number is a steward's (numbers cannot be probed).
    Sends are limited per number and per IP address (``STEWARD_CODE_SENDS_PER_MOBILE``/``_PER_IP``
    each hour) through the cache framework, so every web process shares the counters.
    """
    mobile = mobile.strip()
    hour = 3600
    if not _count_within_limit(f"ip:{ip_address}", settings.STEWARD_CODE_SENDS_PER_IP, hour) or (
        not _count_within_limit(f"mobile:{mobile}", settings.STEWARD_CODE_SENDS_PER_MOBILE, hour)
    ):
        raise ValidationError(_("Too many codes were asked for. Wait an hour and try again."), code="rate_limited")
    with transaction.atomic():
        if Steward.objects.filter(mobile=mobile, status=StewardStatus.ACTIVE).exists():
            _code_issue(mobile=mobile)


def _code_error(message: str, code: str) -> ValidationError:
    return ValidationError({"code": ValidationError(message, code=code)})


def password_set_with_code(*, mobile: str, code: str, password: str) -> Steward:
    """Set a steward's password with a code texted to them: unexpired, unused, few wrong tries.

    A wrong try is counted (and committed) before the error is raised; after
    ``STEWARD_CODE_MAX_ATTEMPTS`` wrong tries the code stops working.
    """
    mobile, code = mobile.strip(), code.strip()
    steward = Steward.objects.select_related("user").filter(mobile=mobile).first()
    # Checked whether or not the number is a steward's, so the answer does not tell which numbers are.
    validate_password(password, steward.user if steward is not None else None)
    now = timezone.now()
    error = None
    with transaction.atomic():
        row = (
            OneTimeCode.objects.select_for_update()
            .filter(mobile=mobile, purpose=CodePurpose.SET_PASSWORD)
            .order_by("-created_at", "-id")
            .first()
        )
        if row is None or steward is None:
            error = _code_error(_("This code is wrong. Check the text message, or ask for a new code."), "wrong")
        elif row.used_at is not None:
            error = _code_error(_("This code has already been used. Ask for a new code."), "used")
        elif row.expires_at <= now:
            error = _code_error(_("This code has expired. Ask for a new code."), "expired")
        elif row.attempts >= settings.STEWARD_CODE_MAX_ATTEMPTS:
            error = _code_error(_("Too many wrong tries for this code. Ask for a new code."), "attempts")
        elif not constant_time_compare(row.code_hash, _code_hash(mobile, code)):
            OneTimeCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
            error = _code_error(_("This code is wrong. Check the text message, or ask for a new code."), "wrong")
        else:
            row.used_at = now
            row.save(update_fields=["used_at"])
            user = steward.user
            user.set_password(password)
            user.save(update_fields=["password"])
    if error is not None:
        raise error
    return steward


# --- Inspections ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemReport:
    """What the steward said about one checklist item: a rating (None: N/A) and a problem, if any."""

    checklist_item_id: int
    rating: int | None
    problem: str = ""


def steward_can_inspect(steward: Steward) -> bool:
    """Whether the steward may inspect: active, and trained when ``STEWARD_INSPECTION_REQUIRES_TRAINING``."""
    if steward.status != StewardStatus.ACTIVE:
        return False
    if not settings.STEWARD_INSPECTION_REQUIRES_TRAINING:
        return True
    return selectors.steward_has_induction(steward)


def _check_assigned(steward: Steward, green_space: GreenSpace | None, field: str = "green_space") -> None:
    if green_space is not None and not steward.green_spaces.filter(pk=green_space.pk).exists():
        raise ValidationError({field: _("This green space is not one of yours.")})


def _check_location(latitude: Decimal | None, longitude: Decimal | None) -> None:
    if (latitude is None) != (longitude is None):
        raise ValidationError({"latitude": _("Give both latitude and longitude, or neither.")})


def _mean(ratings: Sequence[int]) -> Decimal | None:
    if not ratings:
        return None
    return (Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def inspection_submit(
    *,
    steward: Steward,
    green_space: GreenSpace,
    submission_id: uuid.UUID,
    items: Sequence[ItemReport],
    photos: Sequence[UploadedFile] = (),
    note: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    share_location: bool = False,
) -> tuple[Inspection, bool]:
    """Save an inspection with its scored items and photos; returns (inspection, created).

    Sending the same ``submission_id`` again (a resend, a double tap) returns the saved report and
    writes nothing. The location is kept only when the steward chose to share it; photos are
    always re-encoded without EXIF.
    """
    existing = Inspection.objects.filter(submission_id=submission_id).first()
    if existing is not None:
        if existing.steward_id != steward.pk:
            raise ValidationError(_("This form has already been used. Open a new one."), code="foreign_submission")
        return existing, False
    if not steward_can_inspect(steward):
        raise ValidationError(
            _("Inspections open once you have attended the induction training."), code="training_required"
        )
    _check_assigned(steward, green_space)
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("Send at most %(count)d photos.") % {"count": MAX_PHOTOS}})
    if not share_location:
        latitude = longitude = None
    _check_location(latitude, longitude)
    checklist = {item.pk: item for item in selectors.checklist_for(green_space.kind)}
    reports = [report for report in items if report.rating is not None or report.problem.strip()]
    if not reports:
        raise ValidationError(_("Rate at least one item of the checklist, or describe a problem."), code="empty")
    for report in reports:
        if report.checklist_item_id not in checklist:
            raise ValidationError(_("The checklist has changed. Reload the page and try again."), code="checklist")
        if report.rating is not None and not 1 <= report.rating <= 5:
            raise ValidationError(_("Ratings go from 1 to 5."), code="rating")
    cleaned = [clean_photo(photo) for photo in photos]
    contractor_id = maintenance_selectors.contractors_by_green_space(green_space_ids=[green_space.pk]).get(
        green_space.pk
    )
    inspection = Inspection(
        submission_id=submission_id,
        steward=steward,
        green_space=green_space,
        contractor_id=contractor_id,
        score=_mean([report.rating for report in reports if report.rating is not None]),
        note=note.strip(),
        latitude=latitude,
        longitude=longitude,
    )
    inspection.full_clean(exclude=["submission_id"])
    inspection._history_user = steward.user
    try:
        # A concurrent resend with the same key loses this race; it then finds the winner's report.
        with transaction.atomic():
            inspection.save()
    except IntegrityError:
        existing = Inspection.objects.filter(submission_id=submission_id, steward=steward).first()
        if existing is None:
            raise
        return existing, False
    InspectionItem.objects.bulk_create(
        InspectionItem(
            inspection=inspection,
            checklist_item=checklist[report.checklist_item_id],
            rating=report.rating,
            problem=report.problem.strip(),
        )
        for report in reports
    )
    for photo in cleaned:
        InspectionPhoto.objects.create(inspection=inspection, image=photo)
    return inspection, True


def _order_task(item: InspectionItem, *, language: str) -> str:
    inspection = item.inspection
    with translation.override(language):
        return _(
            "A citizen park steward reported on %(date)s at %(space)s, %(item)s (rated %(rating)s): %(problem)s"
        ) % {
            "date": timezone.localtime(inspection.submitted_at).strftime("%Y-%m-%d"),
            "space": inspection.green_space.name,
            "item": item.checklist_item.name,
            "rating": item.get_rating_display() or _("not rated"),
            "problem": item.problem or "—",
        }


@transaction.atomic
def problem_order_create(
    *,
    item: InspectionItem,
    actor,
    priority: str = Priority.NORMAL,
    complete_due_at: datetime.datetime | None = None,
) -> MaintenanceOrder:
    """Turn a steward's problem into a maintenance order for the contractor of that green space.

    The order goes through ``maintenance.services.order_create``, so the contractor gets the usual
    signed push (or staff are told when no contract covers the space). A problem with an open order
    cannot get a second one; a reopened problem can.
    """
    item = (
        InspectionItem.objects.select_for_update(of=("self",))
        .select_related("inspection__green_space", "checklist_item", "order")
        .get(pk=item.pk)
    )
    if not item.is_problem and (item.rating is None or item.rating > 2):
        raise ValidationError(_("Only a problem, or an item rated poor or very poor, can become an order."))
    if item.order is not None and item.verdict != ProblemVerdict.REOPENED:
        raise ValidationError(
            _("This problem already has order #%(order)s.") % {"order": item.order_id}, code="has_order"
        )
    now = timezone.now()
    if complete_due_at is None:
        complete_due_at = now + datetime.timedelta(days=settings.STEWARD_ORDER_COMPLETE_DAYS)
    space = item.inspection.green_space
    with translation.override(settings.LANGUAGE_CODE):
        title = f"{_('Steward report')} · {item.checklist_item.name_zh} · {space.name}"
    order = order_create(
        green_space=space,
        source=OrderSource.STEWARD,
        title=title,
        task_zh=_order_task(item, language="zh-hans"),
        task_en=_order_task(item, language="en"),
        priority=priority,
        actor=actor,
        ack_due_at=now + datetime.timedelta(hours=settings.STEWARD_ORDER_ACK_HOURS),
        complete_due_at=complete_due_at,
        now=now,
    )
    item.order = order
    item.verdict = ""
    item._history_user = _actor_or_none(actor)
    item._change_reason = f"order #{order.pk}"
    item.save(update_fields=["order", "verdict"])
    return order


REVIEWABLE_ORDER_STATUSES = (OrderStatus.COMPLETED, OrderStatus.VERIFIED)


@transaction.atomic
def problem_review(*, item: InspectionItem, steward: Steward, verdict: str, note: str = "") -> ProblemReview:
    """The steward confirms the contractor fixed a problem, or reopens it with a reason (staff are told).

    Reopening does not change the order (its lifecycle belongs to staff and the contractor): staff
    see the reopened problem and may verify nothing, or give it a new order.
    """
    item = (
        InspectionItem.objects.select_for_update(of=("self",))
        .select_related("order", "inspection__green_space")
        .get(pk=item.pk)
    )
    if item.inspection.steward_id != steward.pk:
        raise ValidationError(_("This is not your report."), code="not_yours")
    if item.order is None or item.order.status not in REVIEWABLE_ORDER_STATUSES:
        raise ValidationError(_("You can confirm or reopen a problem once the contractor has completed the work."))
    if item.verdict:
        raise ValidationError(_("You have already given your verdict on this work."), code="reviewed")
    if verdict not in ProblemVerdict.values:
        raise ValidationError({"verdict": _("Choose confirm or reopen.")})
    note = note.strip()
    if verdict == ProblemVerdict.REOPENED and not note:
        raise ValidationError({"note": _("Say what is still wrong.")})
    review = ProblemReview.objects.create(item=item, order=item.order, verdict=verdict, note=note)
    item.verdict = verdict
    item._history_user = steward.user
    item.save(update_fields=["verdict"])
    if verdict == ProblemVerdict.REOPENED:
        space, order_id = item.inspection.green_space.name, item.order_id

        def tell_staff() -> None:
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("A steward reopened the work of order #%(order)s") % {"order": order_id}
                body = _("%(steward)s says the work at %(space)s is not done: %(note)s") % {
                    "steward": steward.name,
                    "space": space,
                    "note": note,
                }
            notify_staff(subject, body)

        transaction.on_commit(tell_staff)
    return review


# --- Suggestions ------------------------------------------------------------------------------


@transaction.atomic
def suggestion_submit(
    *,
    steward: Steward,
    submission_id: uuid.UUID,
    title: str,
    text: str,
    green_space: GreenSpace | None = None,
    photos: Sequence[UploadedFile] = (),
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    share_location: bool = False,
) -> tuple[Suggestion, bool]:
    """Save a landscape-design suggestion; a resend with the same ``submission_id`` returns the saved one."""
    existing = Suggestion.objects.filter(submission_id=submission_id).first()
    if existing is not None:
        if existing.steward_id != steward.pk:
            raise ValidationError(_("This form has already been used. Open a new one."), code="foreign_submission")
        return existing, False
    if steward.status != StewardStatus.ACTIVE:
        raise ValidationError(_("Your steward account is suspended."), code="suspended")
    _check_assigned(steward, green_space)
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("Send at most %(count)d photos.") % {"count": MAX_PHOTOS}})
    if not share_location:
        latitude = longitude = None
    _check_location(latitude, longitude)
    cleaned = [clean_photo(photo) for photo in photos]
    suggestion = Suggestion(
        submission_id=submission_id,
        steward=steward,
        green_space=green_space,
        title=title.strip(),
        text=text.strip(),
        latitude=latitude,
        longitude=longitude,
    )
    suggestion.full_clean(exclude=["submission_id"])
    suggestion._history_user = steward.user
    try:
        with transaction.atomic():
            suggestion.save()
    except IntegrityError:
        existing = Suggestion.objects.filter(submission_id=submission_id, steward=steward).first()
        if existing is None:
            raise
        return existing, False
    for photo in cleaned:
        SuggestionPhoto.objects.create(suggestion=suggestion, image=photo)
    return suggestion, True


@transaction.atomic
def suggestion_reply(*, suggestion: Suggestion, actor, reply: str) -> Suggestion:
    """Staff answer a suggestion; the steward sees the reply in their history."""
    if not reply.strip():
        raise ValidationError({"reply": _("Write a reply.")})
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    suggestion.reply = reply.strip()
    suggestion.status = SuggestionStatus.REPLIED
    suggestion.replied_at = timezone.now()
    suggestion.replied_by = _actor_or_none(actor)
    suggestion._history_user = _actor_or_none(actor)
    suggestion.save()
    return suggestion


# --- Training ---------------------------------------------------------------------------------


def _locked_session(session: TrainingSession) -> TrainingSession:
    # Locking the session row serialises every sign-up and cancellation of this session, so the
    # count of booked places read below cannot change underneath (no double booking).
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


def _booked_count(session: TrainingSession) -> int:
    return session.enrolments.filter(status__in=(EnrolmentStatus.BOOKED, EnrolmentStatus.ATTENDED)).count()


def _save_enrolment(enrolment: TrainingEnrolment, status: str, *, actor, requeue: bool = False) -> TrainingEnrolment:
    now = timezone.now()
    enrolment.status = status
    enrolment.updated_at = now
    if requeue:
        enrolment.queued_at = now
    enrolment._history_user = actor
    enrolment.save()
    return enrolment


@transaction.atomic
def training_sign_up(*, session: TrainingSession, steward: Steward) -> TrainingEnrolment:
    """Book a place, or a place on the waiting list when the session is full."""
    session = _locked_session(session)
    if session.starts_at <= timezone.now():
        raise ValidationError(_("This session has already started."), code="started")
    if steward.status != StewardStatus.ACTIVE:
        raise ValidationError(_("Your steward account is suspended."), code="suspended")
    enrolment = TrainingEnrolment.objects.filter(session=session, steward=steward).first()
    if enrolment is not None and enrolment.status != EnrolmentStatus.CANCELLED:
        raise ValidationError(_("You are already signed up for this session."), code="already")
    status = EnrolmentStatus.BOOKED if _booked_count(session) < session.capacity else EnrolmentStatus.WAITING
    if enrolment is None:
        enrolment = TrainingEnrolment(session=session, steward=steward)
    return _save_enrolment(enrolment, status, actor=steward.user, requeue=True)


def _promote_waiting(session: TrainingSession, *, actor) -> list[TrainingEnrolment]:
    """Give free places to the waiting list, first come first served."""
    free = session.capacity - _booked_count(session)
    if free <= 0:
        return []
    waiting = list(
        session.enrolments.filter(status=EnrolmentStatus.WAITING)
        .order_by("queued_at", "id")
        .select_related("steward")[:free]
    )
    for enrolment in waiting:
        _save_enrolment(enrolment, EnrolmentStatus.BOOKED, actor=actor)
        mobile, topic = enrolment.steward.mobile, session.topic
        with translation.override(settings.LANGUAGE_CODE):
            text = _("Yangquan greening: a place has come free for you on the training “%(topic)s” (%(when)s).") % {
                "topic": topic,
                "when": timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M"),
            }
        transaction.on_commit(lambda mobile=mobile, text=text: send_sms(mobile, text))
    return waiting


@transaction.atomic
def training_cancel(*, session: TrainingSession, steward: Steward) -> TrainingEnrolment:
    """Give up a place (or a place in the queue); the first on the waiting list moves up."""
    session = _locked_session(session)
    enrolment = TrainingEnrolment.objects.filter(
        session=session, steward=steward, status__in=(EnrolmentStatus.BOOKED, EnrolmentStatus.WAITING)
    ).first()
    if enrolment is None:
        raise ValidationError(_("You are not signed up for this session."), code="not_signed_up")
    _save_enrolment(enrolment, EnrolmentStatus.CANCELLED, actor=steward.user)
    _promote_waiting(session, actor=steward.user)
    return enrolment


@transaction.atomic
def training_capacity_change(*, session: TrainingSession, capacity: int, actor) -> TrainingSession:
    """Change a session's capacity; new places go to the waiting list (booked places are never taken away)."""
    session = _locked_session(session)
    if capacity < 1:
        raise ValidationError({"capacity": _("A session has at least one place.")})
    session.capacity = capacity
    session._history_user = _actor_or_none(actor)
    session.save(update_fields=["capacity"])
    _promote_waiting(session, actor=_actor_or_none(actor))
    return session


@transaction.atomic
def training_mark_attendance(*, enrolment: TrainingEnrolment, attended: bool, actor) -> TrainingEnrolment:
    """Staff record whether a booked steward came; attended sessions appear on the steward's profile."""
    enrolment = TrainingEnrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status not in (EnrolmentStatus.BOOKED, EnrolmentStatus.ATTENDED, EnrolmentStatus.ABSENT):
        raise ValidationError(
            _("Only stewards with a place can be marked; this one is %(status)s.")
            % {"status": enrolment.get_status_display()}
        )
    status = EnrolmentStatus.ATTENDED if attended else EnrolmentStatus.ABSENT
    return _save_enrolment(enrolment, status, actor=_actor_or_none(actor))


# --- Stewards ---------------------------------------------------------------------------------


@transaction.atomic
def steward_change_status(*, steward: Steward, status: str, actor, reason: str = "") -> Steward:
    """Suspend or reactivate a steward; a suspended steward cannot sign in to report or sign up."""
    if status not in StewardStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    steward = Steward.objects.select_for_update().select_related("user").get(pk=steward.pk)
    if steward.status == status:
        return steward
    steward.status = status
    steward._history_user = _actor_or_none(actor)
    steward._change_reason = reason.strip()[:100] or status
    steward.save(update_fields=["status"])
    return steward


@transaction.atomic
def steward_assign_green_spaces(*, steward: Steward, green_spaces: Sequence[GreenSpace], actor) -> Steward:
    """Set the green spaces a steward looks after (recorded in the steward's history)."""
    if not green_spaces:
        raise ValidationError({"green_spaces": _("Assign at least one green space.")})
    steward._history_user = _actor_or_none(actor)
    steward.green_spaces.set(green_spaces)
    return steward
