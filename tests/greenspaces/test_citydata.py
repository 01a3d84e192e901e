"""The city's data loads once, completely, and a second run changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from greenspaces.choices import BackboneStatus
from greenspaces.models import Cistern, District, GreenSpace, HeritageTree, Species
from tests.support.citydata import history_count, load_city, snapshot

pytestmark = pytest.mark.django_db

MODELS = [District, GreenSpace, Cistern, Species, HeritageTree]


def test_loading_twice_gives_the_same_database():
    load_city()
    first, first_history = snapshot(MODELS), history_count(MODELS)
    output = load_city()
    assert snapshot(MODELS) == first
    assert history_count(MODELS) == first_history
    assert "0 new" in output


def test_the_five_districts_with_their_codes():
    load_city()
    assert dict(District.objects.values_list("code", "name")) == {
        "140302": "城区",
        "140303": "矿区",
        "140311": "郊区",
        "140321": "平定县",
        "140322": "盂县",
    }


def test_every_green_space_of_the_letter_is_there():
    load_city()
    names = set(GreenSpace.objects.values_list("name", flat=True))
    for name in [
        "南山公园",
        "城市中心公园",
        "阳泉植物园",
        "桃河公园",
        "狮脑山苗圃段",
        "彩石园",
        "泉西路游园",
        "义平路",
        "城南公园",
        "化工厂公园",
        "桃河湿地",
    ]:
        assert name in names
    assert any(name.startswith("桃北西街") for name in names)


def test_the_letters_figures_are_in_the_data():
    load_city()
    spaces = {space.code: space for space in GreenSpace.objects.with_cistern_capacity()}
    assert spaces["chengnan-park"].total_area_ha == Decimal("29.97")
    assert spaces["chemical-plant-park"].total_area_ha == Decimal("2.47")
    assert spaces["taohe-park"].length_m == Decimal("18000")
    assert spaces["taobei-west-street"].total_area_m2 == Decimal("150000")
    quanxi = spaces["quanxi-road-pocket-park"]
    assert sorted(quanxi.cisterns.values_list("capacity_m3", flat=True)) == [Decimal("1000"), Decimal("1000")]
    assert quanxi.cistern_capacity_m3 == Decimal("2000")


def test_twenty_backbone_species_four_named_in_the_letter():
    load_city()
    assert Species.objects.exclude(backbone=BackboneStatus.NONE).count() == 20
    named = set(Species.objects.filter(backbone=BackboneStatus.NAMED).values_list("chinese_name", flat=True))
    assert named == {"油松", "国槐", "连翘", "山杏"}


def test_example_heritage_trees_are_marked_as_examples():
    load_city()
    trees = HeritageTree.objects.all()
    assert trees.exists()
    assert all(tree.estimated and "示例" in tree.source_note for tree in trees)


def test_a_staff_correction_survives_a_reload():
    load_city()
    GreenSpace.objects.filter(code="nanshan-park").update(total_area_m2=Decimal("812345"), estimated=False)
    output = load_city()
    assert GreenSpace.objects.get(code="nanshan-park").total_area_m2 == Decimal("812345")
    assert "1 kept as edited" in output


def test_overwrite_resets_a_row_to_the_city_data():
    load_city()
    GreenSpace.objects.filter(code="nanshan-park").update(total_area_m2=Decimal("812345"))
    load_city("--overwrite")
    assert GreenSpace.objects.get(code="nanshan-park").total_area_m2 == Decimal("800000")
