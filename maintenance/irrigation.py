"""Irrigation scheduling: a daily root-zone water balance per green space, and how much rainwater can cover it.

Pure computation: floats in, floats out, no database. The model is FAO-56 (Allen et al., 1998, *Crop
evapotranspiration*, FAO Irrigation and Drainage Paper 56) chapter 8 style, applied to mixed landscape
planting through the WUCOLS landscape coefficient instead of a crop coefficient:

1. Reference evapotranspiration ET0 comes from the forecast (Open-Meteo's ``et0_fao_evapotranspiration`` is
   already FAO-56 Penman–Monteith, eq. 6) or, failing that, from Hargreaves (eq. 52) on Tmax/Tmin, with
   extraterrestrial radiation Ra from eqs. 21–25.
2. The landscape uses ETL = KL · ET0, with KL = ks · kd · kmc (WUCOLS).
3. Root-zone depletion Dr is carried day to day (FAO-56 eq. 85, without capillary rise or deep percolation)
   and irrigation refills the root zone to field capacity once Dr reaches readily available water RAW
   (FAO-56 eqs. 82–83).
4. Runoff from the green space's hard catchment, less a first flush, is stored in its cisterns (GB 50400
   rainwater harvesting, W = 10 · Ψc · h · F) and used before mains water.

Every number that domain-facts.md marks [M] or [P] is a field of :class:`IrrigationParameters` so that staff
can change it in ``settings.IRRIGATION``; the only literals left in code are the physical constants of the
FAO-56 equations themselves.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from itertools import pairwise
from typing import Any

# FAO-56 eq. 21: solar constant Gsc, MJ m-2 min-1, and minutes in a day.
SOLAR_CONSTANT_MJ_M2_MIN = 0.0820
MINUTES_PER_DAY = 24 * 60
# FAO-56 eq. 20: 1 MJ m-2 d-1 of energy evaporates 0.408 mm of water (1 / λ, λ = 2.45 MJ kg-1).
MJ_M2_TO_MM = 0.408
# FAO-56 eq. 52 (Hargreaves & Samani 1985) empirical coefficient and temperature offset.
HARGREAVES_COEFFICIENT = 0.0023
HARGREAVES_TEMPERATURE_OFFSET_C = 17.8
# Litres per m³ of soil per unit of volumetric water content: TAW in mm = 1000 · (θFC − θWP) · Zr (FAO-56 eq. 82).
MM_PER_M = 1000.0
# Floating-point slack (a nanometre of water) so that a depletion that works out to RAW by hand also
# triggers irrigation when float arithmetic lands a hair below it.
_TOLERANCE_MM = 1e-9


def _default_species_factor() -> dict[str, float]:
    # WUCOLS species factor ks, mid-points of the bands in domain-facts §3 (H 0.7–0.9, M 0.4–0.6,
    # L 0.1–0.3, VL < 0.1).
    return {"H": 0.8, "M": 0.5, "L": 0.2, "VL": 0.1}


def _default_root_depth_m() -> dict[str, float]:
    # Effective root depth Zr by green-space kind. Domain facts give turf 0.25 m, shrubs 0.5 m, trees 0.8 m;
    # a mixed landscape sits between, shallower where turf and paving dominate (squares, pocket parks),
    # and wetlands are kept shallow because their water table is high.
    return {
        "road_green_belt": 0.5,
        "riverside_belt": 0.5,
        "nursery_base": 0.5,
        "pocket_park": 0.4,
        "community_park": 0.4,
        "comprehensive_park": 0.5,
        "botanical_garden": 0.5,
        "wetland": 0.3,
        "square": 0.3,
        "other": 0.4,
    }


@dataclass(frozen=True)
class IrrigationParameters:
    """The tunable constants of the irrigation model; all are [M]/[P] facts, so none is buried in code.

    Defaults follow domain-facts.md §3 (FAO-56, WUCOLS) and §4 (GB 50400 harvesting). Override any subset in
    ``settings.IRRIGATION`` and build with :meth:`from_settings`.
    """

    # WUCOLS water-use class → species factor ks.
    species_factor: dict[str, float] = field(default_factory=_default_species_factor)
    # WUCOLS density factor kd (1.0 = average planting density).
    density_factor: float = 1.0
    # WUCOLS microclimate factor kmc (1.0 = average exposure; higher beside hot paving).
    microclimate_factor: float = 1.0
    # Green-space kind → effective root depth Zr, m.
    root_depth_m: dict[str, float] = field(default_factory=_default_root_depth_m)
    # Zr for a kind missing from ``root_depth_m``.
    default_root_depth_m: float = 0.4
    # θFC − θWP, m³ of water per m³ of soil (loam ≈ 0.15).
    available_water_m3_per_m3: float = 0.15
    # FAO-56 depletion fraction p: the share of TAW the plants use before they suffer stress.
    depletion_fraction: float = 0.5
    # Application efficiency (drip 0.9, spray 0.7): net depth / gross depth.
    efficiency: float = 0.8
    # Rain below this depth is taken as intercepted and evaporated (Pe = 0), mm.
    effective_rain_threshold_mm: float = 5.0
    # Share of rain at or above the threshold that enters the root zone.
    effective_rain_factor: float = 0.8
    # Runoff coefficient Ψc of the harvesting catchment (hard roof or paving 0.8–0.9; GB 50400).
    runoff_coefficient: float = 0.9
    # Depth discarded at the start of each rain day before water reaches the cistern, mm.
    first_flush_mm: float = 3.0

    def __post_init__(self) -> None:
        """Refuse values that would make the balance meaningless (division by zero, negative water)."""
        non_negative = {
            "density_factor": self.density_factor,
            "microclimate_factor": self.microclimate_factor,
            "default_root_depth_m": self.default_root_depth_m,
            "available_water_m3_per_m3": self.available_water_m3_per_m3,
            "effective_rain_threshold_mm": self.effective_rain_threshold_mm,
            "first_flush_mm": self.first_flush_mm,
        }
        non_negative.update({f"species_factor[{key!r}]": value for key, value in self.species_factor.items()})
        non_negative.update({f"root_depth_m[{key!r}]": value for key, value in self.root_depth_m.items()})
        for name, value in non_negative.items():
            if value < 0:
                raise ValueError(f"{name} must not be negative (got {value}).")
        fractions = {
            "available_water_m3_per_m3": self.available_water_m3_per_m3,
            "depletion_fraction": self.depletion_fraction,
            "effective_rain_factor": self.effective_rain_factor,
            "runoff_coefficient": self.runoff_coefficient,
        }
        for name, value in fractions.items():
            if not 0 <= value <= 1:
                raise ValueError(f"{name} must be between 0 and 1 (got {value}).")
        # Efficiency divides the net depth, so zero is as wrong as a value above 1.
        if not 0 < self.efficiency <= 1:
            raise ValueError(f"efficiency must be above 0 and at most 1 (got {self.efficiency}).")

    @classmethod
    def from_settings(cls) -> IrrigationParameters:
        """Build the parameters from ``settings.IRRIGATION`` laid over the defaults.

        ``settings.IRRIGATION`` is a dict with any subset of this class's field names. The two dict fields
        (``species_factor``, ``root_depth_m``) are merged entry by entry into the defaults, so overriding one
        class or kind keeps the others. An unknown key raises ValueError naming it, so a typo cannot silently
        leave a default in force.
        """
        from django.conf import settings

        overrides: Mapping[str, Any] = getattr(settings, "IRRIGATION", None) or {}
        known = {f.name for f in fields(cls)}
        for key in overrides:
            if key not in known:
                raise ValueError(f"Unknown IRRIGATION setting {key!r}; expected one of {', '.join(sorted(known))}.")
        values: dict[str, Any] = {}
        for key, value in overrides.items():
            if key == "species_factor":
                values[key] = {**_default_species_factor(), **{k: float(v) for k, v in value.items()}}
            elif key == "root_depth_m":
                values[key] = {**_default_root_depth_m(), **{k: float(v) for k, v in value.items()}}
            else:
                values[key] = float(value)
        return cls(**values)


def extraterrestrial_radiation_mm(latitude_deg: float, day_of_year: int) -> float:
    """Daily extraterrestrial radiation Ra as equivalent evaporation, mm/day (FAO-56 eqs. 21–25, then × 0.408).

    Ra is the sunshine arriving at the top of the atmosphere; Hargreaves (eq. 52) scales it by temperature.
    Eqs. 21–25 give it in MJ m-2 d-1:

    * eq. 23, inverse relative Earth–Sun distance ``dr = 1 + 0.033 cos(2πJ/365)``;
    * eq. 24, solar declination ``δ = 0.409 sin(2πJ/365 − 1.39)``;
    * eq. 25, sunset hour angle ``ωs = arccos(−tan φ tan δ)``;
    * eq. 21, ``Ra = (24·60/π) Gsc dr [ωs sin φ sin δ + cos φ cos δ sin ωs]``.

    Eq. 20 converts MJ m-2 d-1 to mm/day with the factor 0.408.
    """
    if not -90 <= latitude_deg <= 90:
        raise ValueError(f"Latitude must be between -90 and 90 degrees (got {latitude_deg}).")
    if not 1 <= day_of_year <= 366:
        raise ValueError(f"Day of year must be between 1 and 366 (got {day_of_year}).")
    phi = math.radians(latitude_deg)  # eq. 22
    angle = 2 * math.pi * day_of_year / 365
    dr = 1 + 0.033 * math.cos(angle)  # eq. 23
    delta = 0.409 * math.sin(angle - 1.39)  # eq. 24
    # Beyond the polar circles −tanφ·tanδ leaves [−1, 1]: the sun never sets (ωs = π) or never rises (ωs = 0).
    omega_s = math.acos(max(-1.0, min(1.0, -math.tan(phi) * math.tan(delta))))  # eq. 25
    ra_mj = (
        MINUTES_PER_DAY
        / math.pi
        * SOLAR_CONSTANT_MJ_M2_MIN
        * dr
        * (omega_s * math.sin(phi) * math.sin(delta) + math.cos(phi) * math.cos(delta) * math.sin(omega_s))
    )  # eq. 21
    return max(0.0, ra_mj) * MJ_M2_TO_MM


def hargreaves_et0(t_max_c: float, t_min_c: float, latitude_deg: float, day_of_year: int) -> float:
    """Reference evapotranspiration from temperatures alone, mm/day (Hargreaves, FAO-56 eq. 52).

    ``ET0 = 0.0023 (Tmean + 17.8) (Tmax − Tmin)^0.5 Ra``, Ra in mm/day, Tmean = (Tmax + Tmin) / 2. Used when the
    forecast carries no ET0. Tmax below Tmin is a data error and raises ValueError; a very cold day would make
    the formula negative, but evapotranspiration cannot be, so the result is floored at 0.
    """
    if t_max_c < t_min_c:
        raise ValueError(f"Tmax ({t_max_c} °C) is below Tmin ({t_min_c} °C).")
    t_mean_c = (t_max_c + t_min_c) / 2
    ra_mm = extraterrestrial_radiation_mm(latitude_deg, day_of_year)
    et0 = HARGREAVES_COEFFICIENT * (t_mean_c + HARGREAVES_TEMPERATURE_OFFSET_C) * math.sqrt(t_max_c - t_min_c) * ra_mm
    return max(0.0, et0)


def reference_et0(
    *,
    et0_mm: float | None,
    t_max_c: float | None,
    t_min_c: float | None,
    latitude_deg: float,
    day_of_year: int,
) -> float | None:
    """The day's ET0, mm: the forecast's own value when it has one, else Hargreaves, else None.

    The forecast's ET0 (FAO-56 Penman–Monteith, eq. 6) uses radiation, humidity and wind, so it is preferred
    over Hargreaves (eq. 52), which needs both temperatures. None means the day cannot be estimated.
    """
    if et0_mm is not None:
        if et0_mm < 0:
            raise ValueError(f"ET0 must not be negative (got {et0_mm} mm).")
        return et0_mm
    if t_max_c is None or t_min_c is None:
        return None
    return hargreaves_et0(t_max_c, t_min_c, latitude_deg, day_of_year)


def landscape_coefficient(water_use_class: str, params: IrrigationParameters) -> float:
    """Landscape coefficient KL = ks · kd · kmc (WUCOLS), the landscape's share of ET0.

    ks comes from the planting's WUCOLS water-use class ("H", "M", "L", "VL"); an unknown class raises
    ValueError rather than guessing a water need.
    """
    try:
        ks = params.species_factor[water_use_class]
    except KeyError:
        raise ValueError(
            f"Unknown WUCOLS water-use class {water_use_class!r}; expected one of {', '.join(params.species_factor)}."
        ) from None
    return ks * params.density_factor * params.microclimate_factor


def effective_rain(precipitation_mm: float | None, params: IrrigationParameters) -> float:
    """Rain that reaches the root zone, mm: Pe = factor · P when P ≥ threshold, else 0 (domain facts §3, [P]).

    Light rain is lost to interception and evaporation; a missing reading counts as no rain, which errs on the
    side of watering.
    """
    if precipitation_mm is None:
        return 0.0
    if precipitation_mm < 0:
        raise ValueError(f"Precipitation must not be negative (got {precipitation_mm} mm).")
    if precipitation_mm < params.effective_rain_threshold_mm:
        return 0.0
    return params.effective_rain_factor * precipitation_mm


def total_available_water_mm(root_depth_m: float, params: IrrigationParameters) -> float:
    """Total available water in the root zone, mm: TAW = 1000 (θFC − θWP) Zr (FAO-56 eq. 82)."""
    if root_depth_m < 0:
        raise ValueError(f"Root depth must not be negative (got {root_depth_m} m).")
    return MM_PER_M * params.available_water_m3_per_m3 * root_depth_m


def readily_available_water_mm(root_depth_m: float, params: IrrigationParameters) -> float:
    """Readily available water, mm: RAW = p · TAW (FAO-56 eq. 83); depletion beyond it stresses the plants."""
    return params.depletion_fraction * total_available_water_mm(root_depth_m, params)


@dataclass(frozen=True)
class DayBalance:
    """One day of the water balance of one green space (depths in mm, volumes in m³)."""

    date: datetime.date
    et0_mm: float | None
    etl_mm: float
    effective_rain_mm: float
    # Root-zone depletion Dr before the day and after it (after any irrigation), 0..TAW.
    depletion_start_mm: float
    depletion_end_mm: float
    irrigate: bool
    # Net depth refills the root zone to field capacity; gross = net / efficiency is what the system applies.
    net_depth_mm: float
    gross_depth_mm: float
    volume_m3: float
    cistern_start_m3: float
    # Runoff actually stored (after first flush and the capacity cap), so start + inflow − used = end.
    cistern_inflow_m3: float
    from_cistern_m3: float
    cistern_end_m3: float
    from_mains_m3: float


@dataclass(frozen=True)
class Day:
    """One day of weather input; any reading may be missing (None), as in Open-Meteo's daily arrays."""

    date: datetime.date
    et0_mm: float | None
    t_max_c: float | None
    t_min_c: float | None
    precipitation_mm: float | None


def run_water_balance(
    *,
    days: Sequence[Day],
    latitude_deg: float,
    water_use_class: str,
    kind: str,
    planted_area_m2: float,
    catchment_area_m2: float,
    cistern_capacity_m3: float,
    initial_depletion_mm: float = 0.0,
    initial_cistern_m3: float = 0.0,
    params: IrrigationParameters,
) -> list[DayBalance]:
    """Run the daily root-zone balance and the cistern ledger of one green space over ``days``.

    For each day, in date order (FAO-56 eq. 85, irrigation applied after the day's water use):

    * ETL = KL · ET0 (0 when ET0 cannot be estimated);
    * Dr = clamp(Dr_prev − Pe + ETL, 0, TAW);
    * if Dr ≥ RAW: irrigate net = Dr (refill to field capacity), gross = net / efficiency,
      volume = gross / 1000 · planted area, and the day ends with Dr = 0;
    * cistern: on days with P above the first flush, runoff (P − first flush) / 1000 · catchment · Ψc
      (GB 50400) flows in, the store is capped at capacity (overflow lost), and irrigation draws on it first;
      mains water covers the rest.

    Days must be strictly increasing in date; a gap is allowed and simply not simulated. The green space's
    ``kind`` picks the root depth (``params.root_depth_m``, else ``params.default_root_depth_m``).
    """
    quantities = {
        "planted_area_m2": planted_area_m2,
        "catchment_area_m2": catchment_area_m2,
        "cistern_capacity_m3": cistern_capacity_m3,
        "initial_depletion_mm": initial_depletion_mm,
        "initial_cistern_m3": initial_cistern_m3,
    }
    for name, value in quantities.items():
        if value < 0:
            raise ValueError(f"{name} must not be negative (got {value}).")
    if initial_cistern_m3 > cistern_capacity_m3:
        raise ValueError(
            f"initial_cistern_m3 ({initial_cistern_m3}) exceeds the cistern capacity ({cistern_capacity_m3})."
        )
    for earlier, later in pairwise(days):
        if later.date <= earlier.date:
            raise ValueError(f"Days must be in strictly increasing date order: {later.date} follows {earlier.date}.")

    kl = landscape_coefficient(water_use_class, params)
    root_depth_m = params.root_depth_m.get(kind, params.default_root_depth_m)
    taw = total_available_water_mm(root_depth_m, params)
    raw = readily_available_water_mm(root_depth_m, params)
    if initial_depletion_mm > taw:
        raise ValueError(f"initial_depletion_mm ({initial_depletion_mm}) exceeds TAW ({taw} mm) for kind {kind!r}.")

    depletion = initial_depletion_mm
    cistern = initial_cistern_m3
    balances: list[DayBalance] = []
    for day in days:
        et0 = reference_et0(
            et0_mm=day.et0_mm,
            t_max_c=day.t_max_c,
            t_min_c=day.t_min_c,
            latitude_deg=latitude_deg,
            day_of_year=day.date.timetuple().tm_yday,
        )
        etl = kl * et0 if et0 is not None else 0.0
        pe = effective_rain(day.precipitation_mm, params)
        depletion_start = depletion
        depletion = min(taw, max(0.0, depletion_start - pe + etl))

        # Zero depletion never triggers, even when RAW is 0 (a zero root depth holds no water to refill).
        irrigate = depletion > 0 and depletion >= raw - _TOLERANCE_MM
        net = depletion if irrigate else 0.0
        gross = net / params.efficiency
        volume = gross / MM_PER_M * planted_area_m2
        if irrigate:
            depletion = 0.0

        cistern_start = cistern
        precipitation = day.precipitation_mm or 0.0
        runoff = (
            max(0.0, precipitation - params.first_flush_mm) / MM_PER_M * catchment_area_m2 * params.runoff_coefficient
        )
        stored = min(cistern_capacity_m3, cistern_start + runoff)
        inflow = stored - cistern_start
        from_cistern = min(volume, stored)
        cistern = stored - from_cistern

        balances.append(
            DayBalance(
                date=day.date,
                et0_mm=et0,
                etl_mm=etl,
                effective_rain_mm=pe,
                depletion_start_mm=depletion_start,
                depletion_end_mm=depletion,
                irrigate=irrigate,
                net_depth_mm=net,
                gross_depth_mm=gross,
                volume_m3=volume,
                cistern_start_m3=cistern_start,
                cistern_inflow_m3=inflow,
                from_cistern_m3=from_cistern,
                cistern_end_m3=cistern,
                from_mains_m3=volume - from_cistern,
            )
        )
    return balances
