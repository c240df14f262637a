"""Fuzzing the bill reader and the YAML loader with hypothesis: only documented errors, never a traceback.

Whatever the strategies generate (odd cells, broken dates, stray bytes, odd YAML), the pipeline
either computes or raises a CarbonError (exit code 2 or 3). These run briefly in CI; raise
``max_examples`` locally to fuzz longer (``--hypothesis-seed`` to replay).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carbon_cli import CarbonError, calculate

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEAD = "site: {id: f, region: CN-CQ}\nperiod: {start: 2021-01-01, end: 2021-12-31}\n"

dates = st.one_of(
    st.dates().map(str),
    st.dates().map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
    st.integers(-5, 99_999).map(str),
    st.text(max_size=12),
    st.just(""),
)
numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-(10**12), 10**12).map(lambda n: f"{n:,}"),
    st.text(alphabet="0123456789,.-+e ¥", max_size=10),
    st.text(max_size=8),
)
units = st.one_of(
    st.sampled_from(["kWh", "MWh", "度", "m3", "方", "t", "GJ", "therm", "", "kW", "m", "%"]), st.text(max_size=6)
)


def quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


@st.composite
def bill_files(draw: st.DrawFn) -> str:
    header = draw(st.sampled_from(["start,end,quantity,unit", "起始日期,截止日期,用电量,单位", "start,end,quantity"]))
    rows = [
        ",".join(quote(c) for c in (draw(dates), draw(dates), draw(numbers), draw(units)))
        for _ in range(draw(st.integers(0, 6)))
    ]
    return header + "\n" + "\n".join(rows) + "\n"


def run(site_yaml: str, files: dict[str, str | bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, content in files.items():
            target = root / name
            target.write_bytes(content) if isinstance(content, bytes) else target.write_text(content, "utf-8")
        (root / "site.yaml").write_text(site_yaml, encoding="utf-8")
        try:
            inventory = calculate([root / "site.yaml"])
        except CarbonError as error:
            assert error.exit_code in (2, 3)
            assert str(error).strip() and "\n" not in str(error)
        else:
            assert set(inventory.totals()) == {"scope1", "scope2_location", "scope2_market"}


@FUZZ
@given(bill_files(), st.sampled_from(["electricity", "natural_gas", "diesel", "heat"]))
def test_generated_bill_files_never_raise_anything_undocumented(csv_text: str, activity: str) -> None:
    run(HEAD + f"bills:\n  - {{path: b.csv, activity: {activity}, unit: kWh}}\n", {"b.csv": csv_text})


@FUZZ
@given(st.binary(max_size=600), st.sampled_from(["b.csv", "b.xlsx", "b.xls", "b.parquet"]))
def test_random_bytes_as_a_bill_file_never_raise_anything_undocumented(content: bytes, name: str) -> None:
    run(HEAD + f"bills:\n  - {{path: {name}, activity: electricity, unit: kWh}}\n", {name: content})


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**6), st.floats(allow_nan=False), st.text(max_size=10), st.dates()
)
keys = st.sampled_from(
    [
        "site",
        "id",
        "region",
        "period",
        "start",
        "end",
        "bills",
        "path",
        "activity",
        "unit",
        "columns",
        "instruments",
        "type",
        "quantity",
        "gwp",
        "conversions",
        "sheet",
        "x",
    ]
)
documents = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=4), max_leaves=12
)


@FUZZ
@given(documents)
def test_generated_yaml_documents_never_raise_anything_undocumented(document: Any) -> None:
    run(yaml.safe_dump(document, allow_unicode=True), {})


@FUZZ
@given(st.text(max_size=200))
def test_arbitrary_text_as_yaml_never_raises_anything_undocumented(text: str) -> None:
    run(text, {})


@FUZZ
@given(
    st.fixed_dictionaries(
        {
            "site": st.fixed_dictionaries(
                {"id": st.text(min_size=1, max_size=5), "region": st.sampled_from(["CN", "CN-CQ", "GB", "ZZ"])}
            ),
            "period": st.fixed_dictionaries({"start": st.dates(), "end": st.dates()}),
            "gwp": st.sampled_from(["AR4", "AR5", "AR6", "AR7"]),
            "instruments": st.lists(
                st.fixed_dictionaries(
                    {
                        "type": st.sampled_from(["green_certificate", "rec", "supplier_factor", "voucher"]),
                        "quantity": st.sampled_from(["4000 kWh", "-5 kWh", "12 m3", "lots", "1e9 MWh"]),
                        "factor": st.sampled_from(["0.4 kg/kWh", "0.4", "kg/kWh", "1 t/MWh"]),
                    }
                ),
                max_size=2,
            ),
        }
    ),
    bill_files(),
)
def test_generated_site_files_never_raise_anything_undocumented(site: dict[str, Any], csv_text: str) -> None:
    site["bills"] = [{"path": "b.csv", "activity": "electricity", "unit": "kWh"}]
    run(yaml.safe_dump(site, allow_unicode=True), {"b.csv": csv_text})
