"""Bill-level checks: what a bill says on its own, or next to its copies.

Dates that cannot be real (mistyped_year, future_date, long_period), exact and near copies
(duplicate, near_duplicate), values (negative, positive_credit, zero, estimated) and units
(unit_mismatch); and :func:`screen`, which prepares the bills and sets aside those the
timeline checks must not judge. A bill's place among the meter's other dates is judged in
:mod:`.timeline`, its use against the meter's history in :mod:`.history`, not here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

import numpy as np
import pandas as pd

from .. import arrays, factors, units
from ..config import Quality
from .catalog import UNUSUAL_DIMENSIONS
from .findings import concat, day_text, finding_rows, number_text, source_text
from .prepared import Prepared, prepare, redated, whole_days


def screen(
    bills: pd.DataFrame,
    settings: Quality,
    today: dt.date,
    daily_files: Collection[str] = (),
) -> tuple[Prepared, pd.DataFrame, Any, pd.DataFrame, Any]:
    """Prepare the bills and sort out which ones the timeline checks may judge.

    A bill with an evident year typo is judged with the corrected date; bills whose dates
    cannot be real otherwise, credits, copies of another bill and purchases (a day each, see
    :mod:`carbon_cli.bills.kinds`: no gaps, overlaps or coverage) are set aside, and so are bills
    a credit reverses whole (冲红: the same meter, dates and quantity, negated), so that the
    reissued bill is not an overlap. Bills of ``daily_files`` (interval data summed to
    meter-days) are never near copies: two meters or days with equal totals are normal there
    (a copy of an interval is found per interval).

    :returns: ``(work, date findings, unusable dates, duplicate pairs, regular)``; the masks
        are boolean arrays by bill number.
    """
    work = prepare(in_source_order(bills))
    dates, unusable, fixed = date_checks(work, settings, today)
    if fixed is not None:
        work = redated(work, *fixed)
    days = work.frame["source_file"].astype(str).isin(list(daily_files)).to_numpy() if daily_files else None
    pairs, copy = exact_and_near_copies(work, settings, days)
    regular = ~work.credit & ~copy & ~unusable & ~purchases(work) & ~reversed_bills(work)
    return work, dates, unusable, pairs, regular


def in_source_order(bills: pd.DataFrame) -> pd.DataFrame:
    """The bills sorted by file name and row (then by their values where those repeat), so that
    no finding depends on the order of the table's rows: which of two copies is the copy, which
    bill a gap is measured from. A table in that order already is returned as it is."""
    if not len(bills) or not {"source_file", "source_row"} <= set(bills.columns):
        return bills
    file, _ = arrays.codes(bills["source_file"])
    row = bills["source_row"].to_numpy(dtype="int64")
    key = file * (int(row.max()) - int(row.min()) + 1) + (row - int(row.min()))
    if (np.diff(key) > 0).all():
        return bills
    if len(np.unique(key)) == len(key):
        return bills.take(np.argsort(key, kind="stable"))
    ties = [bills[c].to_numpy("datetime64[s]").view("int64") for c in ("period_end", "period_start")]
    texts = [arrays.codes(bills[c])[0] for c in ("meter", "activity", "site") if c in bills]
    quantity = bills["quantity"].to_numpy("float64")
    return bills.take(np.lexsort([quantity, *ties, *texts, key]))


def reversed_bills(work: Prepared) -> Any:
    """A mask of the bills that a credit reverses whole: a credit of the same meter and dates
    whose billed quantity is the bill's, negated (one credit reverses one bill)."""
    if not work.credit.any():
        return np.zeros(work.size, dtype=bool)
    key = pd.DataFrame(
        {
            "meter": work.meter,
            "start": work.start,
            "end": work.end,
            "quantity": np.where(work.credit, -work.bill_quantity, work.bill_quantity),
        }
    )
    nth = key.groupby([*key.columns, work.credit], sort=False).cumcount().to_numpy()  # pairs one to one
    key["nth"] = nth
    bills = key[~work.credit & (work.bill_quantity > 0)].reset_index(names="bill")
    credits = key[work.credit].drop_duplicates()
    matched = bills.merge(credits, on=list(key.columns))["bill"].to_numpy(dtype="int64")
    mask = np.zeros(work.size, dtype=bool)
    mask[matched] = True
    return mask


def purchases(work: Prepared) -> Any:
    """A mask of the purchases among the bills (none when the table has no ``purchase`` column)."""
    if "purchase" not in work.frame:
        return np.zeros(work.size, dtype=bool)
    return work.frame["purchase"].fillna(False).astype(bool).to_numpy()


def date_checks(
    work: Prepared,
    settings: Quality,
    today: dt.date,
) -> tuple[pd.DataFrame, Any, tuple[Any, Any] | None]:
    """mistyped_year, future_date and long_period: at most one of them per bill.

    :returns: the findings; a mask of bills whose dates cannot be real and have no evident fix
        (set aside from the timeline checks); and, when some year has an evident fix, the
        corrected ``period_start``/``period_end`` of every bill (None otherwise).
    """
    start, end = work.start, work.end
    length = whole_days(end - start) + 1
    long = length > settings.max_bill_days
    # A long bill that becomes an ordinary one when one date takes the other's year (2071 for 2017).
    at = np.flatnonzero(long)
    suggestion = pd.Series("", index=at)
    fixed_start, fixed_end = start.copy(), end.copy()
    s, e = pd.Series(start[at], index=at), pd.Series(end[at], index=at)
    for label, fixed_s, fixed_e in reversed(
        [  # reversed: the first fix that works wins
            ("end", s, _with_year(e, s.dt.year)),
            ("end", s, _with_year(e, s.dt.year + 1)),  # a December-to-January bill
            ("start", _with_year(s, e.dt.year), e),
            ("start", _with_year(s, e.dt.year - 1), e),
        ]
        if len(at)
        else []
    ):
        ok = ((fixed_e - fixed_s).dt.days + 1).between(1, settings.max_bill_days)
        if ok.any():
            before, after = (e, fixed_e) if label == "end" else (s, fixed_s)
            suggestion[ok[ok].index] = f"{label} " + day_text(before[ok]) + " is probably " + day_text(after[ok])
            fixed_start[ok[ok].index] = fixed_s[ok].to_numpy("datetime64[s]")
            fixed_end[ok[ok].index] = fixed_e[ok].to_numpy("datetime64[s]")
    typo_length = np.zeros(work.size, dtype=bool)
    typo_length[at] = (suggestion != "").to_numpy()

    years_ahead = np.datetime64(f"{today.year + 2:04d}-01-01", "s")  # a year after next, or later
    far_future = (end >= years_ahead) | (start >= years_ahead)
    future = (end > np.datetime64(today, "s")) & ~far_future & ~typo_length
    mistyped = typo_length | far_future
    long_only = long & ~mistyped & ~future

    parts = []
    if mistyped.any():
        rows = work.rows(np.flatnonzero(mistyped))
        typo = pd.Series(typo_length[rows.index], index=rows.index, dtype=bool)
        years = rows["period_end"].dt.year.where(
            rows["period_end"].dt.year > today.year + 1, rows["period_start"].dt.year
        )
        swapped = years // 100 * 100 + years % 10 * 10 + years // 10 % 10
        guess = (" (" + swapped.astype(str) + "?)").where((swapped <= today.year) & (swapped >= 1950), "")
        far = (
            day_text(rows["period_start"])
            + " to "
            + day_text(rows["period_end"])
            + " lies years in the future"
            + guess
            + "; a mistyped year"
        )
        text = (
            day_text(rows["period_start"])
            + " to "
            + day_text(rows["period_end"])
            + " is "
            + pd.Series(length[rows.index], index=rows.index).map("{:,}".format)
            + " days long; "
            + suggestion.reindex(rows.index, fill_value="")
        )
        aside = pd.Series("; the bill is left out of the timeline checks until the date is fixed", index=rows.index)
        aside = aside.where(~typo, "; the other checks read it so")
        parts.append(finding_rows(rows, "mistyped_year", text.where(typo, far) + aside))
    if future.any():
        rows = work.rows(np.flatnonzero(future))
        parts.append(
            finding_rows(
                rows,
                "future_date",
                "ends " + day_text(rows["period_end"]) + f", after today ({today}); "
                "a bill can only cover days that have passed",
            )
        )
    if long_only.any():
        rows = work.rows(np.flatnonzero(long_only))
        parts.append(
            finding_rows(
                rows,
                "long_period",
                pd.Series(length[rows.index], index=rows.index).astype(str)
                + f" days, more than quality.max_bill_days ({settings.max_bill_days})",
            )
        )
    unusable = (far_future | future) & ~typo_length
    return concat(parts), unusable, (fixed_start, fixed_end) if typo_length.any() else None


def _with_year(dates: pd.Series, years: pd.Series) -> pd.Series:
    """``dates`` with their year replaced (NaT where the day does not exist, 29 February)."""
    day = dates.to_numpy("datetime64[D]")
    month = day.astype("datetime64[M]")
    month_of_year = month.astype("int64") % 12
    target = (years.to_numpy("int64") - 1970) * 12 + month_of_year
    moved = target.astype("datetime64[M]").astype("datetime64[D]") + (day - month.astype("datetime64[D]"))
    exists = moved.astype("datetime64[M]").astype("int64") == target  # 29 February rolls into March
    return pd.Series(np.where(exists, moved, np.datetime64("NaT")), index=dates.index).astype("datetime64[s]")


def exact_and_near_copies(work: Prepared, settings: Quality, days: Any = None) -> tuple[pd.DataFrame, Any]:
    """Pairs (copy, original) of exact and near duplicates, and a mask of the copies.

    Exact: same site, activity, meter, dates and billed quantity and unit. Near: same meter
    and billed quantity (not zero), start and end each within ``duplicate_days`` and
    overlapping for more than half of the longer bill, but other dates. Two meters billing the
    same quantity for the same month are two bills, not copies (issue 16.12). The later row
    (by file name and row, see :func:`in_source_order`) is the copy; copies are set aside from
    the timeline checks (the original already covers their days).
    """
    candidates = ~work.credit
    copies, originals, kinds = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=object)]

    # Exact: only bills of the same meter and dates can be copies; in timeline order they are neighbours.
    ordered = work.in_order(candidates)
    now, then = ordered[1:], ordered[:-1]
    if work.slot is not None:
        slot = work.slot[ordered]
        same = slot[1:] == slot[:-1]
    else:
        same = (
            (work.meter[now] == work.meter[then])
            & (work.starts[now] == work.starts[then])
            & (work.ends[now] == work.ends[then])
        )
    twin = np.zeros(len(ordered), dtype=bool)
    twin[1:] |= same
    twin[:-1] |= same
    exact = np.zeros(work.size, dtype=bool)
    if twin.any():
        at = np.sort(ordered[twin])
        key = pd.DataFrame(
            {
                "meter": work.meter[at],
                "start": work.start[at],
                "end": work.end[at],
                "quantity": work.bill_quantity[at],
                "unit": _text(work.frame["bill_unit"], at),
            },
            index=at,
        )
        copy = key.duplicated(keep="first").to_numpy()
        if copy.any():
            first = (
                key.assign(_bill=at)
                .groupby(list(key.columns), sort=False, dropna=False)["_bill"]
                .transform("first")
                .to_numpy()
            )
            exact[at[copy]] = True
            copies.append(at[copy])
            originals.append(first[copy])
            kinds.append(np.full(copy.sum(), "exact", dtype=object))

    # Near: sorted by quantity then start, a bill's partners are among the few rows before it.
    rest = np.flatnonzero(candidates & ~exact & (work.bill_quantity != 0) & (True if days is None else ~days))
    # A quantity that no other bill of the site and activity has cannot be a copy: a cheap first cut.
    quantity = work.bill_quantity[rest]
    bits = np.where(np.isnan(quantity), np.nan, quantity).view(np.int64)  # one NaN: pandas groups them as one
    rest = rest[
        arrays.repeated(bits * 1_000_003 + work.meter[rest])
    ]  # equal meters give equal keys (the rest: checked)
    if len(rest):
        key = pd.DataFrame(
            {
                "meter": work.meter[rest],
                "quantity": work.bill_quantity[rest],
                "unit": _text(work.frame["bill_unit"], rest),
            }
        )
        group = key.groupby(list(key.columns), sort=False, dropna=False).ngroup().to_numpy()
        shared = np.bincount(group)[group] > 1  # only bills that share their quantity with another
        rest, group = rest[shared], group[shared]
    if len(rest):
        order = arrays.argsort(
            (group, arrays.count(group)), (work.starts[rest], work.dates), (work.ends[rest], work.dates)
        )
        bill, group = rest[order], group[order]
        start, end = work.start[bill], work.end[bill]
        limit = np.timedelta64(settings.duplicate_days, "D")
        one = np.timedelta64(1, "D")
        for step in (1, 2, 3):
            if len(bill) <= step:
                break
            now, then = slice(step, None), slice(None, -step)
            shared_days = np.minimum(end[then], end[now]) - np.maximum(start[then], start[now]) + one
            longest = np.maximum(end[now] - start[now] + one, end[then] - start[then] + one)
            near = (
                (group[now] == group[then])
                & (np.abs(start[now] - start[then]) <= limit)
                & (np.abs(end[now] - end[then]) <= limit)
                & (shared_days * 2 > longest)
            )
            if near.any():
                this, partner = bill[now][near], bill[then][near]
                copies.append(np.maximum(this, partner))  # the later row is the copy
                originals.append(np.minimum(this, partner))
                kinds.append(np.full(near.sum(), "near", dtype=object))
    copy, original, kind = np.concatenate(copies), np.concatenate(originals), np.concatenate(kinds)
    order = np.lexsort((original, copy))
    copy, original, kind = copy[order], original[order], kind[order]
    first = np.r_[True, copy[1:] != copy[:-1]] if len(copy) else np.zeros(0, dtype=bool)
    found = pd.DataFrame({"copy": copy[first], "original": original[first], "kind": kind[first]})
    copy_mask = np.zeros(work.size, dtype=bool)
    copy_mask[found["copy"].to_numpy()] = True
    return found, copy_mask


def _text(values: pd.Series, at: Any) -> Any:
    """``values`` at rows ``at`` as an array of text (a category's values, not its codes)."""
    return np.asarray(values.take(at), dtype=object)


def duplicates(work: Prepared, pairs: pd.DataFrame, settings: Quality) -> tuple[pd.DataFrame, pd.DataFrame]:
    """duplicate and near_duplicate findings, on the copy, naming the original."""
    found = []
    for check in ("duplicate", "near_duplicate"):
        chosen = pairs[pairs["kind"] == ("exact" if check == "duplicate" else "near")]
        if not len(chosen):
            found.append(concat([]))
            continue
        rows = work.rows(chosen["copy"].to_numpy())
        first = work.rows(chosen["original"].to_numpy())
        original = (
            source_text(first).to_numpy()
            + " ("
            + day_text(first["period_start"]).to_numpy()
            + " to "
            + day_text(first["period_end"]).to_numpy()
            + ", "
            + number_text(first["bill_quantity"]).to_numpy()
            + " "
            + first["bill_unit"].astype(str).to_numpy()
            + ")"
        )
        if check == "duplicate":
            detail = "same meter, dates and quantity as " + original + "; the bill is counted twice"
        else:
            other_meter = first["meter"].astype(str).to_numpy() != rows["meter"].astype(str).to_numpy()
            where = np.where(
                other_meter,
                " on meter '" + first["meter"].astype(str).to_numpy() + "'",
                f" with dates at most {settings.duplicate_days} days apart",
            )
            detail = "same quantity as " + original + where + "; pasted twice? Both are counted"
        found.append(finding_rows(rows, check, detail))
    return found[0], found[1]


def value_checks(work: Prepared) -> pd.DataFrame:
    """negative, positive_credit, zero and estimated: what a bill says on its own."""
    quantity, credit = work.quantity, work.credit
    parts = []
    for check, mask, text in [
        (
            "negative",
            (quantity < 0) & ~credit,
            "; a credit or correction must be marked as one (a credit column, or columns.credit in the YAML)",
        ),
        ("positive_credit", (quantity > 0) & credit, " on a bill marked as a credit; a credit is negative"),
        ("zero", (quantity == 0) & ~credit, "; the meter read nothing: vacant, off, or a missed reading?"),
        (
            "estimated",
            work.frame["estimated"].astype(bool).to_numpy(),
            " estimated, not read; replace it when the actual bill comes",
        ),
    ]:
        if mask.any():
            rows = work.rows(np.flatnonzero(mask))
            billed = number_text(rows["bill_quantity"]).to_numpy() + " " + rows["bill_unit"].astype(str).to_numpy()
            parts.append(finding_rows(rows, check, billed + text))
    return concat(parts)


def unit_checks(work: Prepared, region: str | None) -> pd.DataFrame:
    """Units that do not fit: unusual for the activity (there), or unlike the meter's other bills."""
    if not work.size:
        return concat([])
    used = np.flatnonzero(np.bincount(work.unit, minlength=len(work.units)))
    names = {int(index): units.dimension(str(work.units[index])) for index in used}  # per distinct unit
    dimensions = np.array(sorted(set(names.values())), dtype=object)
    of_unit = np.zeros(len(work.units), dtype=np.int64)
    for index, name in names.items():
        of_unit[index] = dimensions.tolist().index(name)
    dimension = of_unit[work.unit]
    country = factors.country_of(region)  # a code or an alias (华中, UK): the one region rule
    reasons = {pair: why for pair, (where, why) in UNUSUAL_DIMENSIONS.items() if where is None or country in where}
    why = np.array([[reasons.get((str(a), str(d)), "") for d in dimensions] for a in work.activities], dtype=object)
    kind = work.activity * len(dimensions) + dimension  # activity and dimension
    seen = np.bincount(kind, minlength=why.size) > 0
    unusual = (why.ravel() != "")[kind] if (seen & (why.ravel() != "")).any() else np.zeros(work.size, dtype=bool)
    kinds = np.zeros(arrays.count(work.meter) * len(dimensions), dtype=bool)
    kinds[work.meter * len(dimensions) + dimension] = True
    if kinds.sum() == arrays.count(work.meter) and not unusual.any():  # one dimension per meter, none unusual
        return concat([])
    kinds, count = arrays.dense(work.meter * len(dimensions) + dimension, arrays.count(work.meter) * len(dimensions))
    # The meter's usual dimension: that of most of its bills (the first seen of equally many).
    meter_of_kind = np.zeros(count, dtype=np.int64)
    meter_of_kind[kinds] = work.meter
    dimension_of_kind = np.zeros(count, dtype=np.int64)
    dimension_of_kind[kinds] = dimension
    seen_first = np.full(count, work.size, dtype=np.int64)
    np.minimum.at(seen_first, kinds, np.arange(work.size))
    ranked = np.lexsort((seen_first, -np.bincount(kinds, minlength=count), meter_of_kind))
    winner = ranked[arrays.segments(meter_of_kind[ranked])]
    usual = np.zeros(arrays.count(work.meter), dtype=np.int64)
    usual[meter_of_kind[winner]] = dimension_of_kind[winner]
    meter_dimension = usual[work.meter]
    mask = unusual | (dimension != meter_dimension)
    if not mask.any():
        return concat([])
    at = np.flatnonzero(mask)
    rows = work.rows(at)
    billed = "'" + rows["bill_unit"].astype(str).to_numpy() + "' (" + dimensions[dimension[at]] + ")"
    detail = np.where(
        unusual[at],
        billed
        + " is unusual for "
        + rows["activity"].astype(str).to_numpy()
        + ": "
        + why[work.activity[at], dimension[at]]
        + "; a wrong column or a unit typo?",
        billed
        + " on a meter whose other bills are in "
        + dimensions[meter_dimension[at]]
        + ": one meter measures one thing; a unit typo?",
    )
    return finding_rows(rows, "unit_mismatch", detail)
