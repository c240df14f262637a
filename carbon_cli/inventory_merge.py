"""Inventories calculated apart, joined into one (``carbon calc --keep-going``, issue 15).

``--keep-going`` calculates each site file alone, so that one bad file does not stop the others;
the files that worked are then shown as one inventory. Joining the inventories already
calculated gives that inventory without calculating every good file a second time.

Every site's numbers depend only on its own file (its bills, its factors, its instruments), so
the joined facts are the facts of the run over all files. What ties files together in one run
is each a refusal (two files with one site id, different GWP sets, one certificate id in two
files): :func:`join` returns None then, and the caller runs them together to get that error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import pandas as pd

from .config import Period
from .inventory import Inventory, _concat_categorical


def join(inventories: Sequence[Inventory]) -> Inventory | None:
    """The inventory of the files of ``inventories`` (in that order) as one run, or None when the
    files meet in a way only a run over all of them reports (see the module's text).

    The ledger's ``bill_id`` numbers each file's bills as that file alone does.
    """
    if len(inventories) == 1:
        return inventories[0]
    if not inventories or len({done.gwp for done in inventories}) > 1:
        return None
    sites = [cfg for done in inventories for cfg in done.sites]
    if len({cfg.site.id for cfg in sites}) < len(sites):
        return None
    certificates = [i.id.casefold() for cfg in sites for i in cfg.instruments if i.id is not None]
    if len(set(certificates)) < len(certificates):
        return None
    periods = {site: period for done in inventories for site, period in done.periods.items()}
    names = [done.portfolio for done in inventories if done.portfolio]
    return Inventory(
        sites=sites,
        period=Period(
            start=min(done.period.start for done in inventories), end=max(done.period.end for done in inventories)
        ),
        gwp=inventories[0].gwp,
        facts=_concat_categorical([done.facts for done in inventories]),
        bills=cast(pd.DataFrame, _stack([done.bills for done in inventories])),
        notices=[notice for done in inventories for notice in done.notices],
        findings=_stack([done.quality_findings() for done in inventories]),
        coverage=_stack([done.coverage for done in inventories if done.coverage is not None]),
        tables=list(dict.fromkeys(path for done in inventories for path in done.tables)),
        calculations=[part for done in inventories for part in done.calculations],
        periods=periods,
        portfolio=" + ".join(names) or None,
        goals=[goal for done in inventories for goal in done.goals],
    )


def _stack(frames: Sequence[pd.DataFrame]) -> pd.DataFrame | None:
    """Frames one under the other, with the dtypes of the first (categories joined)."""
    frames = [frame for frame in frames if frame is not None]
    if not frames:
        return None
    first = frames[0]
    texts = [c for c in first.columns if isinstance(first[c].dtype, pd.CategoricalDtype)]
    joined = pd.concat([frame.astype({c: "str" for c in texts}) for frame in frames], ignore_index=True)
    return joined.astype({c: "category" for c in texts})
