"""City-scale data for benchmarks: many green spaces under contract, spread over the five districts."""

from __future__ import annotations

import random
import zlib
from decimal import Decimal

from greenspaces.choices import GreenSpaceKind, MaintenanceGrade
from greenspaces.models import District, GreenSpace
from maintenance.choices import ContractStatus
from maintenance.models import ContractArea, Contractor, MaintenanceContract, WebhookEndpoint
from maintenance.webhooks import generate_secret

DISTRICTS = [("140302", "城区"), ("140303", "矿区"), ("140311", "郊区"), ("140321", "平定县"), ("140322", "盂县")]


def generate(
    *,
    green_spaces: int,
    contractors: int = 20,
    prefix: str = "gen",
    seed: int = 1,
    districts: list[District] | None = None,
) -> list[GreenSpace]:
    """Create ``green_spaces`` green spaces under the active contracts of ``contractors`` contractors,
    each contractor with one webhook endpoint, in ``districts`` (Yangquan's five by default)."""
    rng = random.Random(seed)
    if districts is None:
        districts = [District.objects.get_or_create(code=code, defaults={"name": name})[0] for code, name in DISTRICTS]
    kinds = list(GreenSpaceKind.values)
    spaces = GreenSpace.objects.bulk_create(
        [
            GreenSpace(
                code=f"{prefix}-{n}",
                name=f"{prefix}绿地{n}",
                kind=rng.choice(kinds),
                district=rng.choice(districts),
                total_area_m2=Decimal(rng.randint(2_000, 200_000)),
                maintenance_grade=rng.choice(MaintenanceGrade.values),
                latitude=Decimal("37.8573") + Decimal(rng.randint(-500, 500)) / 10_000,
                longitude=Decimal("113.5804") + Decimal(rng.randint(-500, 500)) / 10_000,
            )
            for n in range(green_spaces)
        ],
        batch_size=2000,
    )
    firms = []
    for n in range(contractors):
        firms.append(
            Contractor.objects.create(
                name=f"{prefix}养护公司{n}",
                credit_code=f"{zlib.crc32(prefix.encode()) % 10**8:08d}{n:010d}",
                contact_person="-",
                contact_phone="-",
            )
        )
    contracts = [
        MaintenanceContract.objects.create(
            code=f"{prefix}-HT-{n}",
            contractor=firm,
            start_date="2020-01-01",
            end_date="2099-12-31",
            status=ContractStatus.ACTIVE,
        )
        for n, firm in enumerate(firms)
    ]
    WebhookEndpoint.objects.bulk_create(
        [
            WebhookEndpoint(contractor=firm, url=f"https://{prefix}{n}.example.cn/hook", secret=generate_secret())
            for n, firm in enumerate(firms)
        ]
    )
    ContractArea.objects.bulk_create(
        [ContractArea(contract=contracts[n % len(contracts)], green_space=space) for n, space in enumerate(spaces)],
        batch_size=2000,
    )
    return spaces
