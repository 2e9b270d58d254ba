"""What tasks hand each other in bulk, as objects Prefect does not look into.

Prefect walks every task's arguments and results looking for futures. Walking the thousands of
rows of a coded batch cost more than coding it (71 against 206 articles/s on 2 cores), and the
100,000 file rows `record_files` took at the end of a 100,000-article run cost 6.6 s. An object
with `__slots__` and no container protocol Prefect knows is passed through untouched."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any


class Opaque:
    """The base of every bulk hand-off between tasks."""

    __slots__ = ()


class Listed(Opaque):
    """A long list: the input files of a run, or the files it read whole."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[Any]):
        self.items = list(items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)


class Batch(Opaque):
    """Articles read and not coded yet; coded, a batch is a `sitrep.load.batches.CodedBatch`."""

    __slots__ = ("articles",)

    def __init__(self, articles: list):
        self.articles = articles

    def __len__(self) -> int:
        return len(self.articles)


class Harvested(Opaque):
    """A run's feed harvest (`sitrep.ingest.feeds.Harvest`) and, per feed, how many of its items
    were new to the warehouse."""

    __slots__ = ("harvest", "new_keys")

    def __init__(self, harvest: Any, new_keys: dict[str, int]):
        self.harvest, self.new_keys = harvest, new_keys
