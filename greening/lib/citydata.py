"""Loading the city's reference data idempotently.

Each app that has city data provides ``<app>.citydata.load(loader)``; the ``load_yangquan``
command calls them in ``INSTALLED_APPS`` order (base apps first). ``Loader.sync`` creates what is
missing and leaves what exists alone: staff may since have verified or corrected a figure, and a
re-run must not undo their work. Rows that differ from the city data are counted and reported
(``--overwrite`` resets them to it). A run on a loaded database writes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)

CREATED = "created"
UNCHANGED = "unchanged"
DIFFERS = "differs"
UPDATED = "updated"


@dataclass
class Loader:
    """Counts what each sync did, per model, for the command's report."""

    overwrite: bool = False
    actor: Any = None
    reason: str = "load_yangquan"
    counts: dict[type[models.Model], Counter] = field(default_factory=dict)

    def sync(self, model: type[M], lookup: Mapping[str, Any], values: Mapping[str, Any]) -> M:
        """Create the row found by ``lookup`` with ``values`` if it is missing; see the module doc."""
        counter = self.counts.setdefault(model, Counter())
        instance = model._default_manager.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup, **values)
            instance.full_clean()
            self._save(instance)
            counter[CREATED] += 1
            return instance
        changed = {name: value for name, value in values.items() if not _same(getattr(instance, name), value)}
        if not changed:
            counter[UNCHANGED] += 1
        elif self.overwrite:
            for name, value in changed.items():
                setattr(instance, name, value)
            instance.full_clean()
            self._save(instance)
            counter[UPDATED] += 1
        else:
            counter[DIFFERS] += 1
        return instance

    def _save(self, instance: models.Model) -> None:
        instance._history_user = self.actor
        instance._change_reason = self.reason
        instance.save()

    @property
    def wrote_anything(self) -> bool:
        return any(counter[CREATED] or counter[UPDATED] for counter in self.counts.values())


def _same(current: Any, wanted: Any) -> bool:
    if isinstance(current, models.Model):
        return current.pk == getattr(wanted, "pk", wanted)
    return current == wanted
