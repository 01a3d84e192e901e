"""Public pages of the plans app: plans under public consultation, and the comment form.

Phone first and without JavaScript. A comment is committed before the page says it was received
(post/redirect/get); a refused comment comes back in the form with the sender's text kept and the
message at the field: HTTP 400, or 429 when the sender has sent too many.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from greening.lib.http import client_address
from plans import selectors, services
from plans.documents import CONTENT_TYPES
from plans.forms import CommentForm


@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    """Plans open for comment now, and those closed recently with the bureau's replies."""
    open_now, closed = selectors.consultations_public()
    return render(request, "plans/consultation_list.html", {"open_now": open_now, "closed": closed})


@require_http_methods(["GET", "HEAD", "POST"])
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One consultation: the plan, its version and documents, the notice, published comments, the form."""
    now = timezone.now()
    consultation = selectors.consultation_public(pk, now=now)
    if consultation is None:
        raise Http404
    here = reverse("plans:consultation-detail", args=[consultation.pk])
    status = 200
    if request.method == "POST":
        form = CommentForm(request.POST)
        form.is_valid()
        if form.is_robot():
            # Same answer as for a person, so a robot learns nothing; nothing is stored.
            return redirect(f"{here}?sent=1#comment-form")
        try:
            services.comment_submit(
                consultation=consultation,
                body=form.cleaned_data.get("body", ""),
                name=form.cleaned_data.get("name", ""),
                mobile=form.cleaned_data.get("mobile", ""),
                client_key=services.client_key_for(client_address(request)),
                now=now,
            )
        except services.CommentRateLimited as error:
            form.add_error(None, error)
            status = 429
        except ValidationError as error:
            form.add_error(None, error)
            status = 400
        else:
            return redirect(f"{here}?sent=1#comment-form")
    else:
        form = CommentForm()
    context = {
        "consultation": consultation,
        "version": consultation.version,
        "plan": consultation.version.plan,
        "is_open": consultation.is_open(now),
        "has_ended": consultation.has_ended(now),
        "sent": request.method == "GET" and request.GET.get("sent") == "1",
        "form": form,
    }
    return render(request, "plans/consultation_detail.html", context, status=status)


@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A document of a version out for public comment, from whatever storage holds it."""
    document = selectors.document_public(pk)
    if document is None:
        raise Http404
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=document.download_name, content_type=CONTENT_TYPES.get(document.kind)
    )
