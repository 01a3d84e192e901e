"""Recording patrols and sending patrol reminders."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from greenspaces import services
from greenspaces.choices import Vigour
from greenspaces.models import HeritageTreePatrol, HeritageTreePatrolPhoto, PatrolReminderDigest
from tests.greenspaces.factories import HeritageTreeFactory, HeritageTreePatrolFactory
from tests.support.images import GPS_IFD, jpeg_with_gps, text_named_jpg

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def record(tree, **overrides):
    values = {
        "tree": tree,
        "patrol_date": datetime.date(2026, 11, 1),
        "inspector_name": "张工",
        "findings": "主干有新裂缝",
        "vigour_observed": Vigour.WEAK,
    }
    values.update(overrides)
    return services.heritage_tree_patrol_record(**values)


def test_a_patrol_updates_the_trees_vigour(staff_user):
    tree = HeritageTreeFactory(vigour=Vigour.NORMAL)
    record(tree, actor=staff_user)
    tree.refresh_from_db()
    assert tree.vigour == Vigour.WEAK


def test_the_vigour_change_is_in_the_trees_history_with_who_did_it(staff_user):
    tree = HeritageTreeFactory(vigour=Vigour.NORMAL)
    record(tree, actor=staff_user)
    latest = tree.history.latest()
    assert (latest.vigour, latest.history_user) == (Vigour.WEAK, staff_user)


def test_an_older_patrol_recorded_late_does_not_overwrite_the_vigour():
    tree = HeritageTreeFactory(vigour=Vigour.NORMAL)
    HeritageTreePatrolFactory(tree=tree, patrol_date=datetime.date(2026, 11, 10), vigour_observed=Vigour.NORMAL)
    record(tree, patrol_date=datetime.date(2026, 10, 1), vigour_observed=Vigour.ENDANGERED)
    tree.refresh_from_db()
    assert tree.vigour == Vigour.NORMAL


def test_patrol_photos_are_stored_without_gps(media):
    patrol = record(HeritageTreeFactory(), photos=[jpeg_with_gps()])
    photo = patrol.photos.get()
    with Image.open(photo.image.path) as image:
        assert GPS_IFD not in image.getexif()


def test_a_bad_photo_rejects_the_whole_patrol(media):
    tree = HeritageTreeFactory(vigour=Vigour.NORMAL)
    with pytest.raises(ValidationError):
        record(tree, photos=[jpeg_with_gps(), text_named_jpg()])
    assert HeritageTreePatrol.objects.count() == 0
    assert HeritageTreePatrolPhoto.objects.count() == 0
    tree.refresh_from_db()
    assert tree.vigour == Vigour.NORMAL


def test_a_patrol_in_the_future_is_refused_and_nothing_saved():
    with pytest.raises(ValidationError) as excinfo:
        record(HeritageTreeFactory(), patrol_date=datetime.date.today() + datetime.timedelta(days=3))
    assert "patrol_date" in excinfo.value.message_dict
    assert HeritageTreePatrol.objects.count() == 0


def test_reminders_list_overdue_trees_to_staff(staff_user, mailoutbox):
    tree = HeritageTreeFactory(estimated_age_years=150)
    HeritageTreePatrolFactory(tree=tree, patrol_date=datetime.date(2025, 1, 1))
    digest = services.heritage_tree_patrol_reminders_send(today=datetime.date(2026, 11, 28))
    assert digest.overdue_count == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [staff_user.email]
    assert tree.registry_code in mailoutbox[0].body
    assert "古树" in mailoutbox[0].subject


def test_reminders_are_sent_once_a_day(staff_user, mailoutbox):
    HeritageTreeFactory(estimated_age_years=150)
    today = datetime.date.today() + datetime.timedelta(days=1)
    services.heritage_tree_patrol_reminders_send(today=today)
    assert services.heritage_tree_patrol_reminders_send(today=today) is None
    assert len(mailoutbox) == 1
    assert PatrolReminderDigest.objects.count() == 1


def test_no_reminder_when_nothing_is_overdue(staff_user, mailoutbox):
    tree = HeritageTreeFactory(estimated_age_years=150)
    HeritageTreePatrolFactory(tree=tree, patrol_date=datetime.date.today())
    assert services.heritage_tree_patrol_reminders_send() is None
    assert mailoutbox == []
