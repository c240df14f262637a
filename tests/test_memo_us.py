"""Issue 14 in the US: biomass, biogas, biodiesel (a B20 tank billed as its two parts) and kerosene from the EPA
GHG Emission Factors Hub 2025, Table 1 (HHV), worked by hand.

Fixture ``tests/data/memo/us/`` (``scripts/fixtures/memo.py``): 100 short tons of wood chips, 800 gal of diesel
and 200 gal of biodiesel (1,000 gal of B20 billed as its parts), 500 gal of kerosene, 100,000 scf of digester
biogas, and the same 1,000 gal of B20 again billed as the blend (``b20.csv``, ``blend: B20``), in 2025.
GWP AR6: biomass CH4 non-fossil 27.0, fossil CH4 29.8, N2O 273.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from carbon_cli import calculate, factors, summary
from carbon_cli.errors import CarbonError

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "tests" / "data" / "memo" / "us" / "site.yaml"

# Hub 2025 Table 1: heat content (HHV), kg CO2 / g CH4 / g N2O per mmBtu, as published (sheet rows 35, 80, 62, 46)
WOOD = (17.48, 93.8, 7.2, 3.6)  # per short ton
BIODIESEL = (0.128, 73.84, 1.1, 0.11)  # per gallon
KEROSENE = (0.135, 75.2, 3.0, 0.6)  # per gallon
BIOGAS = (0.000655, 52.07, 3.2, 0.63)  # 'Other Biomass Gases', per scf
DIESEL_2024 = (0.138, 73.96, 3.0, 0.6)  # Hub 2024 Distillate Fuel Oil No. 2 (already shipped), per gallon


def parts(quantity: float, row: tuple[float, float, float, float], ch4_gwp: float) -> tuple[float, float]:
    """(kg CO2e of CH4 and N2O, kg CO2) of ``quantity`` physical units."""
    mmbtu = quantity * row[0]
    return mmbtu * (row[2] * ch4_gwp + row[3] * 273) / 1000, mmbtu * row[1]


@pytest.fixture(scope="module")
def inventory():
    return calculate([SITE])


def test_issue_14_us_biomass_ch4_n2o_in_scope_1_and_biogenic_co2_as_memo(inventory) -> None:
    wood, wood_co2 = parts(100, WOOD, 27.0)  # 1,748 mmBtu: 339.8112 + 1,717.9344 kg; CO2 163,962.4 kg
    assert (wood, wood_co2) == (pytest.approx(2057.7456), pytest.approx(163962.4))
    bio, bio_co2 = parts(200, BIODIESEL, 27.0)  # 25.6 mmBtu
    gas, gas_co2 = parts(100_000, BIOGAS, 27.0)  # 65.5 mmBtu
    kero, kero_co2 = parts(500, KEROSENE, 29.8)  # 67.5 mmBtu: 5,076 kg CO2
    diesel, diesel_co2 = parts(800, DIESEL_2024, 29.8)  # 110.4 mmBtu
    # the B20 twice: as its parts (fuels.csv) and as the blend (b20.csv)
    scope1 = (wood + 2 * bio + gas + kero + kero_co2 + 2 * (diesel + diesel_co2)) / 1000
    biogenic = (wood_co2 + 2 * bio_co2 + gas_co2) / 1000
    assert inventory.totals()["scope1"] == pytest.approx(scope1, rel=1e-12)
    assert summary.memo(inventory.facts) == {"biogenic": pytest.approx(biogenic, rel=1e-12)}
    by = inventory.ledger.groupby(inventory.ledger["activity"].astype(str))["t_co2e"].sum()
    assert by["wood_chips_biogenic"] == pytest.approx(163.9624, rel=1e-12)
    assert by["biodiesel_biogenic"] == pytest.approx(2 * 25.6 * 73.84 / 1000, rel=1e-12)
    assert by["biogas"] == pytest.approx(65.5 * (3.2 * 27.0 + 0.63 * 273) / 1e6, rel=1e-12)


def test_issue_14_a_b20_bill_is_its_diesel_and_biodiesel_parts(inventory) -> None:
    ledger = inventory.ledger
    ledger = ledger[ledger["activity"].astype(str).isin(["diesel", "biodiesel", "biodiesel_biogenic"])]
    file = ledger["source_file"].astype(str).map(lambda path: Path(path).name)
    sums = ledger.groupby([file, ledger["activity"].astype(str)])["t_co2e"].sum()
    for activity in ("diesel", "biodiesel", "biodiesel_biogenic"):
        assert sums[("b20.csv", activity)] == pytest.approx(sums[("fuels.csv", activity)], rel=1e-12)
    diesel, diesel_co2 = parts(1000 * 0.8, DIESEL_2024, 29.8)
    assert sums[("b20.csv", "diesel")] == pytest.approx((diesel + diesel_co2) / 1000, rel=1e-12)
    assert sums[("b20.csv", "biodiesel_biogenic")] == pytest.approx(1000 * 0.2 * 0.128 * 73.84 / 1000, rel=1e-12)
    counted = ledger[(file == "b20.csv") & (ledger["gas"] == "CO2")].groupby("activity", observed=True)["counted"]
    assert counted.sum()["biodiesel_biogenic"] == pytest.approx(200 * 3.785411784, rel=1e-12)  # 200 gal in litres


@pytest.mark.parametrize(
    ("entry", "bill", "message"),
    [
        (
            "activity: kerosene, blend: B20",
            "2025-01-01,2025-01-31,100,gal",
            "a blend is given for kerosene, not diesel",
        ),
        ("activity: diesel, blend: B20", "2025-01-01,2025-01-31,2,t", "a blend is a share by volume"),
        ("activity: diesel, blend: B120", "2025-01-01,2025-01-31,100,gal", "blend 'B120' is not a biodiesel share"),
    ],
)
def test_issue_14_a_blend_that_cannot_be_split_is_refused(tmp_path: Path, entry: str, bill: str, message: str) -> None:
    (tmp_path / "b.csv").write_text(f"start,end,quantity,unit\n{bill}\n", encoding="utf-8")
    site = tmp_path / "site.yaml"
    site.write_text(
        "site: {id: s, region: US}\nperiod: {start: 2025-01-01, end: 2025-12-31}\n"
        f"bills:\n  - {{path: b.csv, {entry}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(CarbonError, match=message):
        calculate([site])


def test_issue_14_b20_billed_as_its_parts_keeps_the_fossil_share_in_scope_1_only(inventory) -> None:
    ledger = inventory.ledger
    diesel = ledger[ledger["activity"] == "diesel"]
    assert set(diesel["scope"].astype(str)) == {"scope1"}
    bio = ledger[ledger["activity"].astype(str).str.startswith("biodiesel")]
    assert float(bio.loc[(bio["scope"] == "scope1") & (bio["gas"] == "CO2"), "t_co2e"].sum()) == 0.0
    assert set(bio.loc[bio["gas"] == "CO2", "scope"].astype(str)) == {"biogenic"}


def test_issue_14_epa_heat_contents_are_the_extracts() -> None:
    with (ROOT / "scripts" / "factors" / "inputs" / "epa_hub_memo.csv").open(encoding="utf-8") as handle:
        published = {row["Fuel Type"]: float(row["Heat Content (HHV)"]) for row in csv.DictReader(handle)}
    props = factors.properties()
    shipped = dict(zip(props["id"], props["value"].astype(float), strict=True))
    assert shipped["us-epa-hub2025-wood_pellets-gcv"] == published["Wood and Wood Residuals"] == 17.48
    assert shipped["us-epa-hub2025-wood_chips-gcv"] == 17.48
    assert shipped["us-epa-hub2025-biogas-gcv"] == published["Other Biomass Gases"] == 0.000655
    assert shipped["us-epa-hub2025-kerosene-gcv"] == published["Kerosene"] == 0.135
    assert shipped["us-epa-hub2025-coke-gcv"] == published["Coal Coke"] == 24.8


def test_issue_14_shipped_epa_memo_factors_are_what_the_extract_builds() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "factors" / "epa_hub_memo.py"), "build", "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
