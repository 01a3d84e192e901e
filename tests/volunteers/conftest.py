from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.greenspaces.factories import GreenSpaceFactory
from tests.maintenance.factories import ContractorFactory, under_contract
from tests.volunteers.factories import load_checklist, make_steward
from volunteers import sms


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    """Text messages go to ``volunteers.sms.outbox``, emptied for each test."""
    settings.STEWARD_SMS_BACKEND = "volunteers.sms.LocmemBackend"
    sms.outbox.clear()
    cache.clear()  # the send counters of the previous test in this process
    return sms.outbox


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Stewards' passwords hashed cheaply in tests (PBKDF2's cost is the point in production)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True
    return settings.MEDIA_ROOT


@pytest.fixture
def checklist(db):
    load_checklist()


@pytest.fixture
def contractor(db):
    return ContractorFactory(name="阳泉市绿源园林养护有限公司")


@pytest.fixture
def space(db, contractor):
    """A community park under the contractor's active contract."""
    green_space = GreenSpaceFactory(name="桃园社区公园")
    under_contract(green_space, contractor)
    return green_space


@pytest.fixture
def other_space(db):
    return GreenSpaceFactory(name="义井小游园")


@pytest.fixture
def steward(db, space, checklist):
    """The owner: an induction-trained steward looking after ``space``."""
    return make_steward("13912340001", spaces=[space], name="张园长")


@pytest.fixture
def colleague(db, space, checklist):
    """Another steward of the same green space: still must not see the owner's reports."""
    return make_steward("13912340002", spaces=[space], name="王园长")


@pytest.fixture
def outsider(db, other_space, checklist):
    """A steward of another green space."""
    return make_steward("13912340003", spaces=[other_space], name="赵园长")


@pytest.fixture
def steward_client(client, steward):
    client.force_login(steward.user)
    client.cookies["lang"] = "zh-hans"
    return client
