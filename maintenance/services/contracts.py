"""Maintenance contracts: at most one active contract per green space at any date."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greenspaces.models import GreenSpace
from maintenance import selectors
from maintenance.choices import (
    ContractStatus,
)
from maintenance.models import (
    ContractArea,
    MaintenanceContract,
)

logger = logging.getLogger(__name__)


# --- Contracts --------------------------------------------------------------------------------


def contract_check_overlaps(*, contract: MaintenanceContract, green_space_ids: Iterable[int]) -> None:
    """Refuse green spaces another active contract covers during this contract's period."""
    if contract.status != ContractStatus.ACTIVE:
        return
    clashes = list(
        selectors.contract_overlaps(
            green_space_ids=green_space_ids,
            start=contract.start_date,
            end=contract.end_date,
            exclude_contract_id=contract.pk,
        )
    )
    if clashes:
        names = "、".join(sorted({f"{area.green_space.name}（{area.contract.code}）" for area in clashes}))
        raise ValidationError(
            _("These green spaces are already under another active contract in this period: %(names)s")
            % {"names": names},
            code="contract_overlap",
        )


@transaction.atomic
def contract_save(
    *, contract: MaintenanceContract, green_spaces: Sequence[GreenSpace], actor=None
) -> MaintenanceContract:
    """Save a contract and the green spaces it covers; at most one active contract per green space."""
    ids = [space.pk for space in green_spaces]
    # Lock the green spaces so two contracts saved at once cannot both take the same one.
    list(GreenSpace.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
    contract.full_clean()
    contract_check_overlaps(contract=contract, green_space_ids=ids)
    contract._history_user = actor
    contract.save()
    ContractArea.objects.filter(contract=contract).exclude(green_space_id__in=ids).delete()
    existing = set(ContractArea.objects.filter(contract=contract).values_list("green_space_id", flat=True))
    ContractArea.objects.bulk_create(
        [ContractArea(contract=contract, green_space_id=pk) for pk in ids if pk not in existing]
    )
    return contract
