"""The Yangquan greening portal's project package."""

from greening.celery import app as celery_app

__all__ = ("celery_app",)
