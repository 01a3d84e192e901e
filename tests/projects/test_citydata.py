"""The projects' city data: the letter's figures, the sponge data with sources, no invented money; idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from greenspaces.models import GreenSpace
from projects import selectors
from projects.choices import SurfaceType
from projects.models import (
    DesignRainfall,
    Disbursement,
    Donation,
    DonationScheme,
    FundingApplication,
    Project,
    RunoffCoefficient,
    SpecialSupervisor,
    SurfaceArea,
    WorkItem,
)
from tests.support.citydata import history_count, load_city, snapshot

pytestmark = pytest.mark.django_db

MODELS = [Project, WorkItem, DonationScheme, RunoffCoefficient, DesignRainfall, SpecialSupervisor]


def test_the_runoff_coefficients_of_domain_facts_are_data_with_their_source(city):
    coefficients = {row.surface_type: row for row in RunoffCoefficient.objects.all()}
    assert set(coefficients) == set(SurfaceType.values)
    assert coefficients[SurfaceType.GREEN_SPACE].coefficient == Decimal("0.15")
    assert coefficients[SurfaceType.WATER].coefficient == Decimal("1")
    roof = coefficients[SurfaceType.GREEN_ROOF]
    assert (roof.range_low, roof.range_high, roof.coefficient) == (Decimal("0.3"), Decimal("0.4"), Decimal("0.4"))
    assert (
        coefficients[SurfaceType.PERMEABLE_PAVING].range_low,
        coefficients[SurfaceType.PERMEABLE_PAVING].range_high,
    ) == (
        Decimal("0.08"),
        Decimal("0.45"),
    )
    assert all("domain-facts §4" in row.source for row in coefficients.values())
    assert {row.surface_type for row in coefficients.values() if row.counts_as_paving} == {
        SurfaceType.HARD_PAVING,
        SurfaceType.BLOCK_PAVING,
        SurfaceType.PERMEABLE_PAVING,
    }


def test_yangquans_design_rainfall_is_marked_estimated_with_the_reason(city):
    rainfall = DesignRainfall.objects.get()
    assert rainfall.is_default and rainfall.estimated
    assert "估计值" in rainfall.source
    assert "海绵城市专项规划" in rainfall.source


def test_the_letter_gives_no_money_so_none_is_loaded(city):
    assert not FundingApplication.objects.exists()
    assert not Disbursement.objects.exists()
    assert not Donation.objects.exists()
    assert not SurfaceArea.objects.exists()
    assert set(Project.objects.values_list("budget", flat=True)) == {None}


def test_the_two_new_parks_have_the_letters_areas(city):
    chengnan = GreenSpace.objects.get(code="chengnan-park")
    chemical = GreenSpace.objects.get(code="chemical-plant-park")
    assert chengnan.total_area_ha == Decimal("29.97")
    assert chemical.total_area_ha == Decimal("2.47")
    assert "晋东化工厂" in chemical.source_note
    assert "工业用地" in Project.objects.get(code="chemical-plant-park").description


def test_the_naming_rule_is_loaded_as_planned_not_in_force(city):
    scheme = DonationScheme.objects.get()
    assert (scheme.naming_threshold, scheme.in_force) == (Decimal("1000000"), False)
    assert "估计" in scheme.source_note  # the term is not in the letter


def test_the_deputy_is_invited_as_special_supervisor(city):
    deputy = SpecialSupervisor.objects.get()
    assert deputy.name == "王扬"
    assert "特约监督员" in deputy.notes


def test_the_new_parks_sponge_figures_start_empty_but_show_their_cisterns(city):
    metrics = selectors.sponge_metrics(Project.objects.get(code="quanxi-road-pocket-park-sponge"))
    assert metrics.cistern_capacity_m3 == Decimal("2000")  # 2 × 1,000 m³, the letter
    assert metrics.capture_volume_m3 is None  # no surveyed surfaces yet


def test_loading_again_writes_nothing(city):
    before, versions = snapshot(MODELS), history_count(MODELS)
    output = load_city()
    assert snapshot(MODELS) == before
    assert history_count(MODELS) == versions
    assert "nothing changed" in output
