"""Sponge-city calculations (海绵城市), in one place, each citing where its formula comes from.

Units follow the standards: areas in m² in the database, hectares (hm²) in the capture-volume formula,
rainfall depth in mm, volumes in m³. Coefficients and design rainfall are data (``RunoffCoefficient``,
``DesignRainfall``), never constants here.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

SQUARE_METRES_PER_HECTARE = Decimal("10000")


def m2_to_ha(area_m2: Decimal) -> Decimal:
    """Square metres to hectares (1 hm² = 10,000 m²)."""
    return area_m2 / SQUARE_METRES_PER_HECTARE


def composite_runoff_coefficient(parts: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """The area-weighted runoff coefficient φ = Σφᵢ·Fᵢ / ΣFᵢ of ``(φᵢ, Fᵢ)`` pairs (any one area unit).

    海绵城市建设技术指南（2014）§4.3 and GB 50014 §3.2.2: the composite coefficient of a catchment is the
    area-weighted mean of its surfaces' coefficients. None when there is no area.
    """
    weighted = Decimal("0")
    total = Decimal("0")
    for coefficient, area in parts:
        weighted += coefficient * area
        total += area
    if total == 0:
        return None
    return weighted / total


def design_capture_volume_m3(*, depth_mm: Decimal, coefficient: Decimal, area_ha: Decimal) -> Decimal:
    """The design capture volume V = 10·H·φ·F (海绵城市建设技术指南 §4.3.4, volume method; domain-facts §4).

    V in m³, H the design rainfall depth in mm for the chosen annual runoff volume capture ratio,
    φ the composite runoff coefficient, F the catchment area in hm². The 10 converts mm·hm² to m³.
    """
    return Decimal("10") * depth_mm * coefficient * area_ha


def hard_paving_ratio(*, paved_m2: Decimal, land_m2: Decimal) -> Decimal | None:
    """Hard-paved area / land area, 0–1 (GB 51192-2016 §3.3: park ratios are computed on the land area)."""
    if not land_m2:
        return None
    return paved_m2 / land_m2
