"""The irrigation model: FAO-56 radiation and Hargreaves ET0, the root-zone balance, and the cistern ledger.

Hand-worked example (the figures asserted below; working rounded to 5 significant figures, asserts use
pytest.approx on the unrounded arithmetic)
========================================================================================================

Yangquan, φ = 37.857°N, 15 July 2025 (day of year J = 181 + 15 = 196).

Extraterrestrial radiation, FAO-56 eqs. 21–25:

* φ = 37.857 · π / 180 = 0.66073 rad                                        (eq. 22)
* 2πJ/365 = 3.3740 rad
* dr = 1 + 0.033 · cos(3.3740) = 1 + 0.033 · (−0.97312) = 0.96789            (eq. 23)
* δ = 0.409 · sin(3.3740 − 1.39) = 0.409 · 0.91585 = 0.37458 rad             (eq. 24)
* ωs = arccos(−tan φ · tan δ) = arccos(−0.77727 · 0.39314) = arccos(−0.30558) = 1.8813 rad   (eq. 25)
* ωs · sin φ · sin δ = 1.8813 · 0.61369 · 0.36588 = 0.42244
* cos φ · cos δ · sin ωs = 0.78954 · 0.93066 · 0.95217 = 0.69965
* Ra = (1440/π) · 0.0820 · dr · (0.42244 + 0.69965) = 37.586 · 0.96789 · 1.12209 = 40.820 MJ m⁻² d⁻¹   (eq. 21)
* Ra = 0.408 · 40.820 = 16.655 mm/day

Hargreaves, FAO-56 eq. 52, Tmax 32 °C, Tmin 20 °C (Tmean 26 °C):

* ET0 = 0.0023 · (26 + 17.8) · √12 · 16.655 = 0.0023 · 43.8 · 3.4641 · 16.655 = 5.8121 mm/day

Five-day balance, a 泉西路游园-like pocket park: planted 10,500 m², hard-paved catchment 3,500 m², two
1,000 m³ cisterns (capacity 2,000 m³) holding 150 m³ at the start, WUCOLS class "L", kind "pocket_park",
default parameters, root zone already depleted by 29 mm:

* KL = ks · kd · kmc = 0.2 · 1 · 1 = 0.2
* Zr = 0.4 m → TAW = 1000 · 0.15 · 0.4 = 60 mm; RAW = 0.5 · 60 = 30 mm

| day   | ET0                    | ETL     | P     | Pe | Dr start | Dr (before irrigation) | irrigate? |
|-------|------------------------|---------|-------|----|----------|------------------------|-----------|
| 15 Jul| 5.8121 (Hargreaves)    | 1.1624  | 0     | 0  | 29       | 30.162 ≥ 30            | yes       |
| 16 Jul| 3.0 (forecast)         | 0.6     | 20    | 16 | 0        | 0 − 16 + 0.6 → 0       | no        |
| 17 Jul| 6.0                    | 1.2     | 0     | 0  | 0        | 1.2                    | no        |
| 18 Jul| 6.5                    | 1.3     | None  | 0  | 1.2      | 2.5                    | no        |
| 19 Jul| None (no temperatures) | 0       | 0     | 0  | 2.5      | 2.5                    | no        |

15 July irrigation: net = 30.162 mm (refill to field capacity, day ends at Dr = 0); gross = 30.162 / 0.8 =
37.703 mm; volume = 37.703 / 1000 · 10,500 = 395.88 m³. The cisterns hold 150 m³ (no rain, no inflow), so
150 m³ come from the cisterns and 395.88 − 150 = 245.88 m³ from the mains; the cisterns end empty.

16 July rain: Pe = 0.8 · 20 = 16 mm pulls Dr below zero, clamped to 0. Harvest (GB 50400):
(20 − 3 first flush) / 1000 · 3,500 · 0.9 = 53.55 m³ into the cisterns, which keep it to the end of the run.
"""

from __future__ import annotations

import datetime

import pytest

from maintenance.irrigation import (
    Day,
    DayBalance,
    IrrigationParameters,
    effective_rain,
    extraterrestrial_radiation_mm,
    hargreaves_et0,
    landscape_coefficient,
    readily_available_water_mm,
    reference_et0,
    run_water_balance,
    total_available_water_mm,
)

YANGQUAN_LATITUDE = 37.857
JULY_15 = datetime.date(2025, 7, 15)
DEFAULTS = IrrigationParameters()


def day(offset: int, *, et0=None, t_max=None, t_min=None, rain=None) -> Day:
    """A day of weather ``offset`` days after 15 July 2025."""
    return Day(
        date=JULY_15 + datetime.timedelta(days=offset),
        et0_mm=et0,
        t_max_c=t_max,
        t_min_c=t_min,
        precipitation_mm=rain,
    )


def balance(days, **overrides) -> list[DayBalance]:
    """Run the balance for the pocket park of the worked example, with any argument overridden."""
    arguments = {
        "days": days,
        "latitude_deg": YANGQUAN_LATITUDE,
        "water_use_class": "L",
        "kind": "pocket_park",
        "planted_area_m2": 10_500.0,
        "catchment_area_m2": 3_500.0,
        "cistern_capacity_m3": 2_000.0,
        "initial_depletion_mm": 0.0,
        "initial_cistern_m3": 0.0,
        "params": DEFAULTS,
    }
    arguments.update(overrides)
    return run_water_balance(**arguments)


@pytest.fixture
def worked_example() -> list[DayBalance]:
    return balance(
        [
            day(0, t_max=32.0, t_min=20.0, rain=0.0),
            day(1, et0=3.0, rain=20.0),
            day(2, et0=6.0, rain=0.0),
            day(3, et0=6.5, rain=None),
            day(4, rain=0.0),
        ],
        initial_depletion_mm=29.0,
        initial_cistern_m3=150.0,
    )


# --- Extraterrestrial radiation (FAO-56 eqs. 21–25) -----------------------------------------------------


@pytest.mark.parametrize(
    ("latitude", "day_of_year", "ra_mj"),
    [
        (-20.0, 246, 32.2),  # FAO-56 Example 8: 20°S, 3 September
        (50.8, 187, 41.09),  # FAO-56 Example 18: Uccle (Brussels), 50°48'N, 6 July
        (-22.9, 135, 25.1),  # FAO-56 Example 10: Rio de Janeiro, 22°54'S, 15 May
    ],
)
def test_extraterrestrial_radiation_matches_the_fao56_worked_examples(latitude, day_of_year, ra_mj):
    assert extraterrestrial_radiation_mm(latitude, day_of_year) / 0.408 == pytest.approx(ra_mj, abs=0.05)


def test_extraterrestrial_radiation_at_yangquan_on_15_july_matches_the_hand_worked_figure():
    assert extraterrestrial_radiation_mm(YANGQUAN_LATITUDE, 196) == pytest.approx(0.408 * 40.820, rel=1e-4)


def test_extraterrestrial_radiation_is_zero_in_the_polar_night():
    assert extraterrestrial_radiation_mm(80.0, 355) == 0.0


def test_extraterrestrial_radiation_is_positive_in_the_polar_day():
    assert extraterrestrial_radiation_mm(80.0, 172) > 0


@pytest.mark.parametrize(("latitude", "day_of_year"), [(37.9, 0), (37.9, 367), (90.5, 100), (-91.0, 100)])
def test_extraterrestrial_radiation_rejects_an_impossible_date_or_latitude(latitude, day_of_year):
    with pytest.raises(ValueError):
        extraterrestrial_radiation_mm(latitude, day_of_year)


# --- Hargreaves (FAO-56 eq. 52) -------------------------------------------------------------------------


def test_hargreaves_at_yangquan_on_15_july_matches_the_hand_worked_figure():
    assert hargreaves_et0(32.0, 20.0, YANGQUAN_LATITUDE, 196) == pytest.approx(5.8121, abs=1e-4)


def test_hargreaves_with_the_fao56_example_8_radiation_matches_the_hand_computed_value():
    # Ra = 32.194 MJ m-2 d-1 (Example 8) = 13.135 mm/d; Tmax 25, Tmin 19, as in the FAO56 R package's example,
    # which leaves the 0.408 out: 0.0023 · 39.8 · √6 · 13.135 = 2.9452 mm/d (its own result would be 7.2).
    assert hargreaves_et0(25.0, 19.0, -20.0, 246) == pytest.approx(2.9452, abs=1e-3)


def test_hargreaves_is_zero_when_the_temperature_does_not_change():
    assert hargreaves_et0(20.0, 20.0, YANGQUAN_LATITUDE, 196) == 0.0


def test_hargreaves_is_never_negative_on_a_bitterly_cold_day():
    assert hargreaves_et0(-30.0, -40.0, YANGQUAN_LATITUDE, 15) == 0.0


def test_hargreaves_refuses_a_maximum_below_the_minimum():
    with pytest.raises(ValueError, match="below Tmin"):
        hargreaves_et0(19.9, 20.0, YANGQUAN_LATITUDE, 196)


# --- Reference ET0 ---------------------------------------------------------------------------------------


def test_reference_et0_prefers_the_forecasts_own_value_over_hargreaves():
    et0 = reference_et0(et0_mm=4.2, t_max_c=32.0, t_min_c=20.0, latitude_deg=YANGQUAN_LATITUDE, day_of_year=196)
    assert et0 == 4.2


def test_reference_et0_falls_back_to_hargreaves_when_the_forecast_has_no_et0():
    et0 = reference_et0(et0_mm=None, t_max_c=32.0, t_min_c=20.0, latitude_deg=YANGQUAN_LATITUDE, day_of_year=196)
    assert et0 == pytest.approx(5.8121, abs=1e-4)


def test_reference_et0_is_none_when_a_temperature_is_missing():
    et0 = reference_et0(et0_mm=None, t_max_c=32.0, t_min_c=None, latitude_deg=YANGQUAN_LATITUDE, day_of_year=196)
    assert et0 is None


def test_reference_et0_refuses_a_negative_forecast_value():
    with pytest.raises(ValueError):
        reference_et0(et0_mm=-0.1, t_max_c=None, t_min_c=None, latitude_deg=YANGQUAN_LATITUDE, day_of_year=196)


# --- Landscape coefficient, effective rain, TAW and RAW --------------------------------------------------


def test_landscape_coefficient_multiplies_species_density_and_microclimate_factors():
    params = IrrigationParameters(density_factor=1.2, microclimate_factor=1.1)
    assert landscape_coefficient("M", params) == pytest.approx(0.5 * 1.2 * 1.1)


def test_landscape_coefficient_refuses_an_unknown_water_use_class():
    with pytest.raises(ValueError, match="'X'"):
        landscape_coefficient("X", DEFAULTS)


def test_rain_just_below_the_threshold_is_not_effective():
    assert effective_rain(4.9, DEFAULTS) == 0.0


def test_rain_at_the_threshold_is_eighty_percent_effective():
    assert effective_rain(5.0, DEFAULTS) == pytest.approx(4.0)


def test_missing_rain_counts_as_no_rain():
    assert effective_rain(None, DEFAULTS) == 0.0


def test_negative_rain_is_refused():
    with pytest.raises(ValueError):
        effective_rain(-1.0, DEFAULTS)


def test_total_available_water_of_a_pocket_park_root_zone_is_sixty_mm():
    assert total_available_water_mm(0.4, DEFAULTS) == pytest.approx(60.0)


def test_readily_available_water_is_half_the_total_by_default():
    assert readily_available_water_mm(0.4, DEFAULTS) == pytest.approx(30.0)


# --- The hand-worked five-day balance -------------------------------------------------------------------


def test_worked_example_day_1_takes_et0_from_hargreaves(worked_example):
    assert worked_example[0].et0_mm == pytest.approx(5.8121, abs=1e-4)
    assert worked_example[0].etl_mm == pytest.approx(1.16241, abs=1e-5)


def test_worked_example_day_1_triggers_irrigation_once_depletion_passes_raw(worked_example):
    first = worked_example[0]
    assert first.depletion_start_mm == 29.0
    assert first.irrigate is True
    assert first.net_depth_mm == pytest.approx(30.16241, abs=1e-5)
    assert first.depletion_end_mm == 0.0


def test_worked_example_day_1_applies_the_gross_depth_over_the_planted_area(worked_example):
    first = worked_example[0]
    assert first.gross_depth_mm == pytest.approx(37.70302, abs=1e-5)
    assert first.volume_m3 == pytest.approx(395.8817, abs=1e-4)


def test_worked_example_day_1_draws_the_cisterns_dry_before_using_mains_water(worked_example):
    first = worked_example[0]
    assert (first.cistern_start_m3, first.cistern_inflow_m3, first.from_cistern_m3) == (150.0, 0.0, 150.0)
    assert first.from_mains_m3 == pytest.approx(245.8817, abs=1e-4)
    assert first.cistern_end_m3 == 0.0


def test_worked_example_day_2_rain_clamps_depletion_at_zero(worked_example):
    second = worked_example[1]
    assert second.effective_rain_mm == pytest.approx(16.0)
    assert second.etl_mm == pytest.approx(0.6)
    assert second.depletion_end_mm == 0.0
    assert second.irrigate is False


def test_worked_example_day_2_rain_fills_the_cisterns_after_the_first_flush(worked_example):
    second = worked_example[1]
    assert second.cistern_inflow_m3 == pytest.approx(53.55)
    assert second.cistern_end_m3 == pytest.approx(53.55)


def test_worked_example_dry_days_build_depletion_back_up(worked_example):
    assert [b.depletion_end_mm for b in worked_example[2:]] == pytest.approx([1.2, 2.5, 2.5])
    assert not any(b.irrigate for b in worked_example[1:])
    assert worked_example[-1].cistern_end_m3 == pytest.approx(53.55)


def test_worked_example_day_without_any_weather_uses_no_water(worked_example):
    last = worked_example[-1]
    assert last.et0_mm is None
    assert last.etl_mm == 0.0


# --- Balance edges ---------------------------------------------------------------------------------------


def test_irrigation_triggers_when_depletion_reaches_raw_exactly():
    # 29 mm + 0.2 · 5.0 mm = 30 mm = RAW.
    [only] = balance([day(0, et0=5.0)], initial_depletion_mm=29.0)
    assert only.irrigate is True
    assert only.net_depth_mm == pytest.approx(30.0)


def test_irrigation_waits_while_depletion_stays_below_raw():
    [only] = balance([day(0, et0=5.0)], initial_depletion_mm=28.9)
    assert only.irrigate is False
    assert only.depletion_end_mm == pytest.approx(29.9)
    assert (only.net_depth_mm, only.gross_depth_mm, only.volume_m3) == (0.0, 0.0, 0.0)


def test_depletion_is_clamped_at_taw_so_the_refill_never_exceeds_the_root_zone():
    [only] = balance([day(0, et0=5.0)], initial_depletion_mm=59.5)
    assert only.net_depth_mm == pytest.approx(60.0)


def test_a_kind_without_its_own_root_depth_uses_the_default():
    # Default Zr 0.4 m → RAW 30 mm, as for a pocket park.
    [only] = balance([day(0, et0=5.0)], kind="parking_lot", initial_depletion_mm=29.0)
    assert only.irrigate is True


def test_the_cistern_covers_the_whole_volume_when_it_holds_enough():
    [only] = balance([day(0, et0=5.0)], initial_depletion_mm=29.0, initial_cistern_m3=1_000.0)
    # 30 mm / 0.8 = 37.5 mm over 10,500 m² = 393.75 m³.
    assert only.from_cistern_m3 == pytest.approx(393.75)
    assert only.from_mains_m3 == pytest.approx(0.0)
    assert only.cistern_end_m3 == pytest.approx(606.25)


def test_a_green_space_without_cisterns_takes_everything_from_the_mains():
    [only] = balance([day(0, et0=5.0, rain=4.0)], initial_depletion_mm=29.0, cistern_capacity_m3=0.0)
    assert only.cistern_inflow_m3 == 0.0
    assert only.from_cistern_m3 == 0.0
    assert only.from_mains_m3 == pytest.approx(only.volume_m3)


def test_rain_within_the_first_flush_never_reaches_the_cistern():
    [only] = balance([day(0, et0=5.0, rain=3.0)])
    assert only.cistern_inflow_m3 == 0.0


def test_rain_beyond_the_first_flush_is_harvested_from_the_catchment():
    # (3.5 − 3) mm / 1000 · 3,500 m² · 0.9 = 1.575 m³.
    [only] = balance([day(0, et0=5.0, rain=3.5)])
    assert only.cistern_inflow_m3 == pytest.approx(1.575)


def test_the_cistern_overflows_at_its_capacity():
    # 53.55 m³ of runoff into a 60 m³ store already holding 10 m³: only 50 m³ fit.
    [only] = balance([day(0, et0=5.0, rain=20.0)], cistern_capacity_m3=60.0, initial_cistern_m3=10.0)
    assert only.cistern_inflow_m3 == pytest.approx(50.0)
    assert only.cistern_end_m3 == pytest.approx(60.0)


def test_an_empty_list_of_days_gives_an_empty_balance():
    assert balance([]) == []


# --- Refusals -------------------------------------------------------------------------------------------


def test_days_out_of_order_are_refused():
    with pytest.raises(ValueError, match="increasing"):
        balance([day(1, et0=5.0), day(0, et0=5.0)])


def test_a_duplicate_date_is_refused():
    with pytest.raises(ValueError, match="increasing"):
        balance([day(0, et0=5.0), day(0, et0=4.0)])


@pytest.mark.parametrize(
    "argument", ["planted_area_m2", "catchment_area_m2", "cistern_capacity_m3", "initial_depletion_mm"]
)
def test_a_negative_area_capacity_or_depletion_is_refused(argument):
    with pytest.raises(ValueError, match=argument):
        balance([day(0, et0=5.0)], **{argument: -1.0})


def test_a_cistern_starting_fuller_than_its_capacity_is_refused():
    with pytest.raises(ValueError, match="initial_cistern_m3"):
        balance([day(0, et0=5.0)], cistern_capacity_m3=100.0, initial_cistern_m3=100.5)


def test_an_initial_depletion_beyond_taw_is_refused():
    with pytest.raises(ValueError, match="TAW"):
        balance([day(0, et0=5.0)], initial_depletion_mm=60.5)


def test_parameters_refuse_a_zero_efficiency():
    with pytest.raises(ValueError, match="efficiency"):
        IrrigationParameters(efficiency=0.0)


# --- Settings --------------------------------------------------------------------------------------------


def test_from_settings_uses_the_defaults_without_an_irrigation_setting(settings):
    if hasattr(settings, "IRRIGATION"):
        del settings.IRRIGATION
    assert IrrigationParameters.from_settings() == IrrigationParameters()


def test_from_settings_lays_the_irrigation_setting_over_the_defaults(settings):
    settings.IRRIGATION = {"efficiency": 0.9, "first_flush_mm": 5}
    params = IrrigationParameters.from_settings()
    assert (params.efficiency, params.first_flush_mm, params.depletion_fraction) == (0.9, 5.0, 0.5)


def test_from_settings_merges_a_species_factor_override_with_the_other_classes(settings):
    settings.IRRIGATION = {"species_factor": {"H": 0.9}}
    assert IrrigationParameters.from_settings().species_factor == {"H": 0.9, "M": 0.5, "L": 0.2, "VL": 0.1}


def test_from_settings_refuses_an_unknown_key_and_names_it(settings):
    settings.IRRIGATION = {"eficiency": 0.9}
    with pytest.raises(ValueError, match="'eficiency'"):
        IrrigationParameters.from_settings()
