"""Periodic work of the green estate."""

from celery import shared_task

from greenspaces import services


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=5,
    time_limit=120,
    soft_time_limit=100,
)
def heritage_tree_patrol_reminders_send_task() -> int:
    """E-mail staff the heritage trees overdue for patrol (once a day; see the service)."""
    digest = services.heritage_tree_patrol_reminders_send()
    return digest.overdue_count if digest else 0
