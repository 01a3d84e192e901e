"""The public park pages: list with search and district filter, each park's page with its donor naming only
during the term; Chinese first, English on request; constant in queries; no JavaScript."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from greenspaces import services
from greenspaces.models import District, GreenSpace
from tests.greenspaces.factories import CisternFactory, DistrictFactory, GreenSpaceFactory, HeritageTreeFactory

pytestmark = pytest.mark.django_db

LIST = reverse("greenspaces:park-list")


def detail(code: str) -> str:
    return reverse("greenspaces:park-detail", args=[code])


def test_the_urls_are_where_the_portal_mounts_them():
    assert LIST == "/parks/"
    assert detail("nanshan-park") == "/parks/nanshan-park/"


def test_the_list_shows_every_green_space_in_chinese(zh_client, city):
    response = zh_client.get(LIST)
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    body = response.content.decode()
    for name in ("南山公园", "泉西路游园", "城南公园", "化工厂公园"):
        assert name in body
    assert "<script" not in body
    assert 'name="viewport"' in body


def test_the_list_speaks_english_when_asked(en_client, city):
    response = en_client.get(LIST)
    assert response["Content-Language"] == "en"
    body = response.content.decode()
    assert "Parks and green spaces" in body
    assert "南山公园" in body  # names are data, shown as they are


def test_search_by_name(client, city):
    body = client.get(LIST, {"q": "南山"}).content.decode()
    assert "南山公园" in body
    assert "泉西路游园" not in body


def test_filter_by_district(client, city):
    body = client.get(LIST, {"district": "140311"}).content.decode()  # 郊区
    assert "义平路" in body
    assert "南山公园" not in body


def test_an_unknown_district_is_ignored_not_an_error(client, city):
    response = client.get(LIST, {"district": "999999", "q": "x" * 500})
    assert response.status_code == 200


def test_the_list_is_constant_in_queries(client, django_assert_max_num_queries):
    district = DistrictFactory()
    for _ in range(3):
        space = GreenSpaceFactory(district=district)
        CisternFactory(green_space=space)
    with django_assert_max_num_queries(6):
        client.get(LIST)
    for n in range(20):
        space = GreenSpaceFactory(district=district)
        CisternFactory(green_space=space)
        services.green_space_name(
            green_space=space,
            name=f"冠名{n}",
            valid_from=datetime.date(2020, 1, 1),
            valid_until=datetime.date(2099, 1, 1),
        )
    with django_assert_max_num_queries(6):
        response = client.get(LIST)
    assert response.content.decode().count("冠名") >= 20


def test_a_park_page_shows_its_figures(zh_client, city):
    space = GreenSpace.objects.get(code="quanxi-road-pocket-park")
    response = zh_client.get(detail(space.code))
    assert response.status_code == 200
    body = response.content.decode()
    assert "泉西路游园" in body
    assert "15000" in body and "1.50" in body  # m² and ha (zh-hans writes no thousands separator)
    assert "2000" in body  # 2 × 1,000 m³ cisterns
    assert "泉西路游园海绵绿地建设项目" in body  # its key project, through the reverse relation


def test_a_park_page_counts_its_heritage_trees(en_client):
    space = GreenSpaceFactory()
    HeritageTreeFactory(green_space=space, district=space.district)
    HeritageTreeFactory(green_space=space, district=space.district)
    response = en_client.get(detail(space.code))
    assert "Heritage trees</dt><dd>2</dd>" in response.content.decode().replace("\n", "")


def test_a_park_page_in_english(en_client, city):
    response = en_client.get(detail("chengnan-park"))
    assert response["Content-Language"] == "en"
    body = response.content.decode()
    assert "299,700 m²" in body and "29.97 ha" in body


def test_an_unknown_park_is_404(client, city):
    assert client.get(detail("no-such-park")).status_code == 404


def test_a_park_page_is_constant_in_queries(client, django_assert_max_num_queries):
    space = GreenSpaceFactory()
    with django_assert_max_num_queries(6):
        client.get(detail(space.code))
    for n in range(10):
        CisternFactory(green_space=space, name=f"{n}号")
        HeritageTreeFactory(green_space=space, district=space.district)
    with django_assert_max_num_queries(6):
        client.get(detail(space.code))


@pytest.mark.parametrize(
    ("start_offset", "end_offset", "shown"),
    [(-10, 10, True), (0, 0, True), (-20, -1, False), (1, 20, False)],
    ids=["within", "first-and-last-day", "ended-yesterday", "starts-tomorrow"],
)
def test_the_donor_naming_shows_only_during_its_term(zh_client, start_offset, end_offset, shown):
    today = timezone.localdate()
    space = GreenSpaceFactory(name="彩石园")
    services.green_space_name(
        green_space=space,
        name="某集团彩石园",
        valid_from=today + datetime.timedelta(days=start_offset),
        valid_until=today + datetime.timedelta(days=end_offset),
    )
    for page in (detail(space.code), LIST):
        body = zh_client.get(page).content.decode()
        assert ("某集团彩石园" in body) is shown, page


def test_the_list_finds_a_park_by_its_donor_name(client):
    today = timezone.localdate()
    space = GreenSpaceFactory(name="彩石园")
    services.green_space_name(green_space=space, name="某集团彩石园", valid_from=today, valid_until=today)
    body = client.get(LIST, {"q": "某集团"}).content.decode()
    assert "彩石园" in body
    assert District.objects.exists()


def test_a_name_whose_term_ended_no_longer_finds_the_park(client):
    space = GreenSpaceFactory(name="彩石园")
    services.green_space_name(
        green_space=space,
        name="某集团彩石园",
        valid_from=datetime.date(2010, 1, 1),
        valid_until=datetime.date(2019, 12, 31),
    )
    assert "彩石园" not in client.get(LIST, {"q": "某集团"}).content.decode()
