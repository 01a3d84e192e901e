"""Concurrent writes on PostgreSQL: the last place of a session and a resent report are taken once."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection, connections

from tests.volunteers.factories import make_session, make_steward, submit_inspection
from volunteers import services
from volunteers.choices import EnrolmentStatus
from volunteers.models import Inspection, TrainingEnrolment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent transactions need PostgreSQL")


def run_together(*calls) -> list:
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_stewards_racing_for_the_last_place_get_one_place_and_one_queue(space, checklist):
    first = make_steward("13912348001", spaces=[space], trained=False)
    second = make_steward("13912348002", spaces=[space], trained=False)
    session = make_session(capacity=1)
    run_together(
        lambda: services.training_sign_up(session=session, steward=first),
        lambda: services.training_sign_up(session=session, steward=second),
    )
    statuses = sorted(TrainingEnrolment.objects.filter(session=session).values_list("status", flat=True))
    assert statuses == [EnrolmentStatus.BOOKED, EnrolmentStatus.WAITING]


def test_the_same_report_sent_twice_at_once_is_saved_once(steward, space):
    key = uuid.uuid4()
    results = run_together(
        lambda: submit_inspection(steward, space, submission_id=key),
        lambda: submit_inspection(steward, space, submission_id=key),
    )
    assert Inspection.objects.filter(submission_id=key).count() == 1
    assert results[0].pk == results[1].pk
