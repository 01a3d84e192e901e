"""The stewards' phone pages. Thin: forms check input, services write, selectors read."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from greening.lib.http import client_address
from maintenance.models import OrderPhoto
from projects import selectors as project_selectors
from projects import services as project_services
from volunteers import selectors, services
from volunteers.choices import ApplicationStatus, EnrolmentStatus
from volunteers.forms import (
    ApplicationForm,
    CodeRequestForm,
    FindingForm,
    InspectionForm,
    PasswordSetForm,
    ReviewForm,
    SignInForm,
    SuggestionForm,
)
from volunteers.models import (
    InspectionItem,
    InspectionPhoto,
    StewardApplication,
    SuggestionPhoto,
    TrainingSession,
)


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def steward_required(view: Callable) -> Callable:
    """Anonymous visitors go to the sign-in page; signed-in people who are not active stewards get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("volunteers:sign-in"))
        steward = selectors.steward_for_user(request.user)
        if steward is None and selectors.supervisor_for_user(request.user) is not None:
            # Special supervisors sign in on the same page; their home is their inspections.
            return redirect("volunteers:supervisor-home")
        if steward is None or not steward.is_active:
            return render(request, "volunteers/not_steward.html", {"steward": steward}, status=403)
        request.steward = steward
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


# --- Applying ---------------------------------------------------------------------------------


def apply(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.application_submit(
                name=data["name"],
                mobile=data["mobile"],
                green_spaces=list(data["green_spaces"]),
                availability=data["availability"],
                motivation=data["motivation"],
                consent=data["consent"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("volunteers:apply-status", token=application.token)
    status = 400 if request.method == "POST" else 200
    return render(request, "volunteers/apply.html", {"form": form}, status=status)


@never_cache
def apply_status(request: HttpRequest, token) -> HttpResponse:
    application = get_object_or_404(StewardApplication, token=token)
    return render(request, "volunteers/apply_status.html", {"application": application, "statuses": ApplicationStatus})


# --- Signing in and passwords -----------------------------------------------------------------


class SignInView(LoginView):
    template_name = "volunteers/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return reverse("volunteers:home")

    def get_initial(self) -> dict:
        return {"username": self.request.GET.get("mobile", "")}

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("volunteers:sign-in")


def code_request(request: HttpRequest) -> HttpResponse:
    form = CodeRequestForm(request.POST or None, initial={"mobile": request.GET.get("mobile", "")})
    if request.method == "POST" and form.is_valid():
        mobile = form.cleaned_data["mobile"]
        try:
            services.code_request(mobile=mobile, ip_address=client_address(request) or "unknown")
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.info(
                request, _("If this number belongs to a steward, a code is on its way. It is valid for a few minutes.")
            )
            return redirect(f"{reverse('volunteers:password-set')}?mobile={mobile}")
    status = 400 if request.method == "POST" else 200
    return render(request, "volunteers/code_request.html", {"form": form}, status=status)


def password_set(request: HttpRequest) -> HttpResponse:
    form = PasswordSetForm(request.POST or None, initial={"mobile": request.GET.get("mobile", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.password_set_with_code(mobile=data["mobile"], code=data["code"], password=data["new_password1"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                _add_errors(form, error)
            else:  # the password validators raise a plain list
                form.add_error("new_password1", error)
        else:
            messages.success(request, _("Your password is set. Sign in with your mobile number and the new password."))
            return redirect(f"{reverse('volunteers:sign-in')}?mobile={data['mobile']}")
    status = 400 if request.method == "POST" else 200
    return render(request, "volunteers/password_set.html", {"form": form}, status=status)


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """Shown by django-axes when this number has failed too often from this device."""
    return render(request, "volunteers/locked_out.html", status=429)


# --- Home, history, profile -------------------------------------------------------------------


@steward_required
def home(request: HttpRequest) -> HttpResponse:
    steward = request.steward
    inspections = list(selectors.inspections_for_steward(steward)[:5])
    sessions = selectors.upcoming_sessions(steward=steward)
    context = {
        "steward": steward,
        "green_spaces": list(selectors.green_spaces_for_steward(steward)),
        "inspections": inspections,
        "suggestions": list(selectors.suggestions_for_steward(steward)[:3]),
        "sessions": [
            s for s in sessions if s.mine and s.mine.status in (EnrolmentStatus.BOOKED, EnrolmentStatus.WAITING)
        ]
        or sessions[:2],
        "can_inspect": services.steward_can_inspect(steward),
    }
    return render(request, "volunteers/home.html", context)


@steward_required
def history(request: HttpRequest) -> HttpResponse:
    steward = request.steward
    context = {
        "inspections": list(selectors.inspections_for_steward(steward)[:100]),
        "suggestions": list(selectors.suggestions_for_steward(steward)[:100]),
    }
    return render(request, "volunteers/history.html", context)


@steward_required
def profile(request: HttpRequest) -> HttpResponse:
    steward = request.steward
    context = {
        "steward": steward,
        "green_spaces": list(selectors.green_spaces_for_steward(steward)),
        "trainings": list(selectors.completed_training(steward)),
        "can_inspect": services.steward_can_inspect(steward),
    }
    return render(request, "volunteers/profile.html", context)


# --- Inspections ------------------------------------------------------------------------------


@steward_required
def inspection_new(request: HttpRequest) -> HttpResponse:
    steward = request.steward
    if not services.steward_can_inspect(steward):
        return render(request, "volunteers/inspection_locked.html", status=403)
    spaces = list(selectors.green_spaces_for_steward(steward))
    space_id = request.POST.get("green_space") or request.GET.get("space")
    if not space_id and len(spaces) == 1:
        space_id = str(spaces[0].pk)
    space = next((s for s in spaces if str(s.pk) == str(space_id)), None)
    if space is None:
        if space_id:  # someone else's green space, or no such space
            status = 400 if request.method == "POST" else 404
            return render(
                request,
                "volunteers/inspection_choose.html",
                {"spaces": spaces, "error": _("This green space is not one of yours.")},
                status=status,
            )
        return render(request, "volunteers/inspection_choose.html", {"spaces": spaces})
    checklist = selectors.checklist_for(space.kind)
    form = InspectionForm(
        request.POST or None,
        request.FILES or None,
        steward=steward,
        checklist=checklist,
        initial={"green_space": space.pk},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection, created = services.inspection_submit(
                steward=steward,
                green_space=data["green_space"],
                submission_id=data["submission_id"],
                items=form.item_reports(),
                photos=data["photos"],
                note=data["note"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                share_location=data["share_location"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if not created:
                messages.info(request, _("This report had already been received; it was not sent twice."))
            return redirect(f"{reverse('volunteers:inspection-detail', args=[inspection.pk])}?sent=1")
    status = 400 if request.method == "POST" else 200
    return render(request, "volunteers/inspection_form.html", {"form": form, "space": space}, status=status)


@steward_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_for_steward(request.steward, pk)
    items = list(inspection.items.all())
    context = {
        "inspection": inspection,
        "items": items,
        "problems": [item for item in items if item.is_problem or item.order_id],
        "review_form": ReviewForm(),
        "sent": request.GET.get("sent") == "1",
        "reviewable": services.REVIEWABLE_ORDER_STATUSES,
    }
    return render(request, "volunteers/inspection_detail.html", context)


@require_POST
@steward_required
def problem_review(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    inspection = selectors.inspection_for_steward(request.steward, pk)
    item = get_object_or_404(InspectionItem, inspection=inspection, pk=item_pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.problem_review(
                item=item, steward=request.steward, verdict=form.cleaned_data["verdict"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Thank you: your verdict is recorded."))
            return redirect("volunteers:inspection-detail", pk=inspection.pk)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(f"{reverse('volunteers:inspection-detail', args=[inspection.pk])}#item-{item.pk}")


# --- Suggestions ------------------------------------------------------------------------------


@steward_required
def suggestion_new(request: HttpRequest) -> HttpResponse:
    steward = request.steward
    form = SuggestionForm(request.POST or None, request.FILES or None, steward=steward)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            suggestion, created = services.suggestion_submit(
                steward=steward,
                submission_id=data["submission_id"],
                title=data["title"],
                text=data["text"],
                green_space=data["green_space"],
                photos=data["photos"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                share_location=data["share_location"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if not created:
                messages.info(request, _("This suggestion had already been received; it was not sent twice."))
            return redirect(f"{reverse('volunteers:suggestion-detail', args=[suggestion.pk])}?sent=1")
    status = 400 if request.method == "POST" else 200
    return render(request, "volunteers/suggestion_form.html", {"form": form}, status=status)


@steward_required
def suggestion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(
        selectors.suggestions_for_steward(request.steward).prefetch_related(
            Prefetch("photos", queryset=SuggestionPhoto.objects.order_by("id"))
        ),
        pk=pk,
    )
    return render(
        request, "volunteers/suggestion_detail.html", {"suggestion": suggestion, "sent": request.GET.get("sent") == "1"}
    )


# --- Training ---------------------------------------------------------------------------------


@steward_required
def training(request: HttpRequest) -> HttpResponse:
    sessions = selectors.upcoming_sessions(steward=request.steward)
    for session in sessions:
        if session.mine and session.mine.status == EnrolmentStatus.WAITING:
            session.position = selectors.waiting_position(session.mine)
    return render(request, "volunteers/training.html", {"sessions": sessions, "statuses": EnrolmentStatus})


@require_POST
@steward_required
def training_sign_up(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(TrainingSession, pk=pk)
    try:
        enrolment = services.training_sign_up(session=session, steward=request.steward)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if enrolment.status == EnrolmentStatus.BOOKED:
            messages.success(request, _("Your place is booked."))
        else:
            messages.info(request, _("The session is full: you are on the waiting list and move up automatically."))
    return redirect(f"{reverse('volunteers:training')}#session-{session.pk}")


@require_POST
@steward_required
def training_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(TrainingSession, pk=pk)
    try:
        services.training_cancel(session=session, steward=request.steward)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("You have given up your place."))
    return redirect(f"{reverse('volunteers:training')}#session-{session.pk}")


# --- Photos: served only to their steward (and staff) -----------------------------------------


@steward_required
def photo(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A photo of the steward's own report, or of the work done on it; 404 for anybody else's."""
    steward = request.steward
    if kind == "inspection":
        record = get_object_or_404(InspectionPhoto, pk=pk, inspection__steward=steward)
    elif kind == "suggestion":
        record = get_object_or_404(SuggestionPhoto, pk=pk, suggestion__steward=steward)
    elif kind == "order":
        record = get_object_or_404(
            OrderPhoto.objects.filter(order__steward_problems__inspection__steward=steward).distinct(), pk=pk
        )
    else:
        raise Http404
    response = FileResponse(record.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response


# --- Special supervisors (特约监督员) -------------------------------------------------------------


def supervisor_required(view: Callable) -> Callable:
    """Anonymous visitors go to the sign-in page; anyone not an active special supervisor gets 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("volunteers:sign-in"))
        supervisor = selectors.supervisor_for_user(request.user)
        if supervisor is None:
            return render(request, "volunteers/not_supervisor.html", status=403)
        request.supervisor = supervisor
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


@supervisor_required
def supervisor_home(request: HttpRequest) -> HttpResponse:
    """The inspections and design reviews of key projects this supervisor is invited to."""
    supervisor = request.supervisor
    today = timezone.localdate()
    inspections = list(project_selectors.inspections_for_supervisor(supervisor)[:100])  # newest first
    upcoming = sorted(
        (inspection for inspection in inspections if inspection.is_upcoming_on(today)),
        key=lambda inspection: (inspection.scheduled_for, inspection.pk),
    )
    past = [inspection for inspection in inspections if not inspection.is_upcoming_on(today)]
    return render(
        request, "volunteers/supervisor_home.html", {"supervisor": supervisor, "upcoming": upcoming, "past": past}
    )


@supervisor_required
def supervisor_inspection(request: HttpRequest, pk: int) -> HttpResponse:
    """One inspection: its findings, and the form to record one (from the day of the inspection)."""
    supervisor = request.supervisor
    inspection = get_object_or_404(project_selectors.inspections_for_supervisor(supervisor), pk=pk)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project_services.inspection_record_finding(
                inspection=inspection, supervisor=supervisor, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your finding is recorded. Thank you."))
            return redirect("volunteers:supervisor-inspection", pk=inspection.pk)
    findings = sorted(inspection.findings.all(), key=lambda finding: finding.created_at)
    context = {
        "inspection": inspection,
        "findings": findings,
        "form": form,
        "can_record": inspection.scheduled_for <= timezone.localdate(),
    }
    return render(request, "volunteers/supervisor_inspection.html", context, status=400 if form.errors else 200)
