"""A task goes through Redis to a real Celery worker and does its work in the database."""

from __future__ import annotations

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker

from greening.celery import app
from greenspaces.models import PatrolReminderDigest
from greenspaces.tasks import heritage_tree_patrol_reminders_send_task
from tests.greenspaces.factories import HeritageTreeFactory, HeritageTreePatrolFactory
from tests.integration.conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_the_broker_is_redis(redis_broker):
    assert app.connection_for_write().transport.driver_type == "redis"


def test_a_real_worker_sends_the_patrol_reminder(redis_broker, staff_user, mailoutbox):
    tree = HeritageTreeFactory(estimated_age_years=150)
    HeritageTreePatrolFactory(tree=tree, patrol_date=datetime.date(2024, 6, 1))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        heritage_tree_patrol_reminders_send_task.delay()
        assert wait_for(PatrolReminderDigest.objects.exists), "the worker did not run the task"
        assert wait_for(lambda: len(mailoutbox) == 1)
    assert tree.registry_code in mailoutbox[0].body


def test_running_the_task_twice_sends_one_reminder(redis_broker, staff_user, mailoutbox):
    HeritageTreePatrolFactory(tree=HeritageTreeFactory(estimated_age_years=150), patrol_date=datetime.date(2024, 6, 1))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        heritage_tree_patrol_reminders_send_task.delay()
        heritage_tree_patrol_reminders_send_task.delay()
        assert wait_for(PatrolReminderDigest.objects.exists)
        time.sleep(1.0)  # let the second message be consumed too
    assert PatrolReminderDigest.objects.count() == 1
    assert len(mailoutbox) == 1
