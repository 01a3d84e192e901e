"""Telling bureau staff about something that needs them: one e-mail to every staff address."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail


def staff_recipients() -> list[str]:
    """Active staff users with an e-mail address, plus ``STAFF_NOTIFICATION_EMAILS``."""
    emails = (
        get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="").values_list("email", flat=True)
    )
    return sorted(set(emails) | set(settings.STAFF_NOTIFICATION_EMAILS))


def notify_staff(subject: str, body: str) -> list[str]:
    """Send ``subject``/``body`` to staff; returns the recipients (none: nothing sent)."""
    recipients = staff_recipients()
    if recipients:
        send_mail(subject, body, None, recipients)
    return recipients
