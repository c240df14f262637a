"""US sites: the eGRID subregion a site names, or the one its ZIP code lies in.

Owns ``us_zip_subregions.csv``, EPA Power Profiler's ZIP code to eGRID subregion table (a ZIP code
lies in one, two or three subregions), and the rule that turns a site's ``egrid_subregion:`` or
``zip:`` into the region its electricity factor is looked up in. A ZIP code served by more than one
subregion does not settle the subregion: the site must name it. States that more than one subregion
serves are told apart in ``regions.csv`` (their parent is ``US``, and their electricity uses eGRID's
state output emission rate with a warning).

The functions raise ``ValueError`` with a one-line message naming the YAML key and the fix, so that
the site model (:mod:`carbon_cli.config`) reports them as a ConfigError at that key.
"""

from __future__ import annotations

import csv
import functools
import re

from .files import factors_root
from .regions import canonical_region, region_table

ZIP_FILE = "us_zip_subregions.csv"
SUBREGION_PREFIX = "US-EGRID-"


@functools.cache
def zip_table() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each ZIP code's state and the eGRID subregions it lies in (acronyms, most of the ZIP first)."""
    with (factors_root() / ZIP_FILE).open(encoding="utf-8") as handle:
        return {
            row["zip"]: (row["state"], tuple(filter(None, (row[f"subregion_{k}"] for k in (1, 2, 3)))))
            for row in csv.DictReader(handle)
        }


def subregions() -> list[str]:
    """The eGRID subregion acronyms known to ``regions.csv`` (``CAMX``, ``NYUP``, ...)."""
    return sorted(code.removeprefix(SUBREGION_PREFIX) for code in region_table() if code.startswith(SUBREGION_PREFIX))


def subregion_region(name: str) -> str:
    """The region code of an eGRID subregion given as ``NYCW`` or ``US-EGRID-NYCW``.

    :raises ValueError: it is not an eGRID subregion.
    """
    code = canonical_region(name)
    if not code.startswith(SUBREGION_PREFIX) or code not in region_table():
        raise ValueError(f"'{name}' is not an eGRID subregion; use one of {', '.join(subregions())}")
    return code


def zip_code(value: object) -> str:
    """A ZIP code as five digits (``02139``; ``02139-4307`` is cut to its first five).

    :raises ValueError: not a ZIP code, or a number YAML may have read another way (a leading 0).
    """
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("a ZIP code is five digits, e.g. zip: '02139'")
    if isinstance(value, int):
        if not 10000 <= value <= 99999:
            raise ValueError("a ZIP code with a leading 0 must be quoted (YAML reads 02139 as a number): zip: '02139'")
        return str(value)
    match = re.fullmatch(r"(\d{5})(?:-\d{4})?", value.strip())
    if not match:
        raise ValueError("a ZIP code is five digits, e.g. zip: '02139'")
    return match.group(1)


def zip_region(code: str) -> tuple[str, str]:
    """The state (``US-NY``; "" for the few ZIP codes EPA's table gives no state) and the eGRID
    subregion region code of a ZIP code served by one subregion.

    :raises ValueError: the ZIP code is not in EPA's table, or lies in more than one subregion.
    """
    found = zip_table().get(code)
    if found is None:
        raise ValueError(
            f"ZIP code {code} is not in EPA Power Profiler's ZIP table; give site.egrid_subregion instead "
            f"(one of {', '.join(subregions())})"
        )
    state, names = found
    if len(names) != 1:
        raise ValueError(
            f"ZIP code {code} lies in more than one eGRID subregion ({', '.join(names)}); "
            f"give site.egrid_subregion: one of {', '.join(names)} (EPA Power Profiler names it by utility)"
        )
    return (f"US-{state}" if state else ""), SUBREGION_PREFIX + names[0]


def site_region(region: str, egrid_subregion: str | None, zip_: str | None) -> str:
    """The region a US site's factors are looked up in: its eGRID subregion when the site names it
    (``egrid_subregion``) or its ZIP code settles it, else ``region`` as written.

    :raises ValueError: the keys contradict each other or ``region`` (a ZIP code in another state,
        a subregion other than the ZIP code's, a subregion for a site outside the US).
    """
    if egrid_subregion is None and zip_ is None:
        return region
    written = canonical_region(region)
    if written != "US" and not written.startswith("US-"):
        raise ValueError(
            f"site.egrid_subregion and site.zip are for US sites, but site.region is {region}; "
            "drop them or set site.region to US or a US state"
        )
    named = subregion_region(egrid_subregion) if egrid_subregion is not None else None
    if zip_ is not None:
        state, by_zip = zip_region(zip_)
        if state and written.startswith("US-") and not written.startswith(SUBREGION_PREFIX) and written != state:
            raise ValueError(f"ZIP code {zip_} is in {state}, but site.region is {region}; correct one of them")
        if named is not None and named != by_zip:
            raise ValueError(
                f"site.egrid_subregion {egrid_subregion} disagrees with ZIP code {zip_}, which lies in "
                f"{by_zip.removeprefix(SUBREGION_PREFIX)}; keep the one that is right"
            )
        named = by_zip
    assert named is not None
    served = {names for state, names in zip_table().values() if f"US-{state}" == written}
    if served and not any(named.removeprefix(SUBREGION_PREFIX) in names for names in served):
        raise ValueError(
            f"eGRID subregion {named.removeprefix(SUBREGION_PREFIX)} serves no ZIP code of {region} "
            "(EPA Power Profiler's ZIP table); check site.egrid_subregion and site.region"
        )
    if written.startswith(SUBREGION_PREFIX) and written != named:
        raise ValueError(f"site.region {region} disagrees with the eGRID subregion {named}; keep the one that is right")
    return named
