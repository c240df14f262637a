"""Scaffold: ``carbon init DIR`` writes a site YAML and bill templates that calc accepts as is.

The templates carry headers only, no invented readings: an empty inventory is honest, made-up
sample numbers in a real site folder are not.
"""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook

from .errors import ConfigError
from .output import write_atomic

SITE_YAML = """\
# carbon site file. Reference: README.md, section "Site YAML".
site:
  id: {site_id}               # short id used in outputs
  name: {site_name}
  region: CN                  # ISO 3166 code: CN, CN-CQ (Chongqing), US-CA, GB ...
  floor_area_m2: 1000         # optional; enables kg CO2e per m2
period: {{start: {year}-01-01, end: {year}-12-31}}
gwp: AR6                      # AR4 | AR5 | AR6
bills:
  - path: bills/electricity.xlsx
    sheet: 电费
    activity: electricity
    columns: {{start: 起始日期, end: 截止日期, quantity: 用电量, unit: 单位}}
  - path: bills/gas.csv
    activity: natural_gas
    unit: m3                  # used when a row has no unit
    # energy_basis: gross     # rows in kWh: gross (GCV, Hs, Brennwert) or net (NCV, Hi); needed outside CN, US, GB
  # On-site generation and export (README "On-site generation, steam and cooling"): reported, never subtracted.
  # - path: bills/pv.csv       # rows of generation (光伏发电) and export (上网电量) in kWh
  #   columns: {{activity: 类型}}
  # Steam bought by the tonne (蒸汽 吨): its enthalpy from the supplier or the steam tables.
  # - path: bills/steam.csv
  #   activity: heat
  #   steam_enthalpy: 2780 kJ/kg     # the supplier's figure; or instead its pressure and temperature:
  #   # steam_pressure: 0.9 MPa gauge  #   gauge or absolute, always said
  #   # steam_temperature: 250         #   degC; without it, dry saturated steam
  # District heating (热力) in GJ or kWh: DESNZ district heat in the UK, 0.11 t CO2/GJ in China, EPA steam in the US.
  # - path: bills/heat.csv
  #   activity: heat
  # Chilled water from a district cooling plant, kWh or ton-hours (冷吨时) of cooling: the supplier's factor
  # under factors: below, else grid electricity / COP 4.2 with a warning.
  # - path: bills/cooling.csv
  #   activity: cooling
  # More fuels (issue 14): kerosene (burning oil, 煤油), fuel_oil (heavy fuel oil, 重油), coke (焦炭), cng, lng (t),
  # propane (L): CN, US, UK factors where published, else IPCC 2006 (no IPCC row for cng, lng, propane).
  # - path: bills/kerosene.csv
  #   activity: kerosene
  #   unit: t
  # Biomass, biogas and biodiesel (issue 14): CH4 and N2O in Scope 1, their CO2 a biogenic memo line
  # - path: bills/pellets.csv
  #   activity: wood_pellets    # wood_chips, charcoal, biogas (t), biodiesel (L)
  #   unit: t
  # - path: bills/fleet.csv
  #   activity: diesel
  #   blend: B20                # 20 % biodiesel by volume: its CO2 is biogenic
  # Vehicles (issue 14): a fleet's fuel gets road CH4/N2O, its km or miles per-km factors where published
  # - path: bills/trucks.csv
  #   activity: diesel          # or gasoline
  #   vehicle: heavy_truck      # passenger_car, light_truck, medium_truck, heavy_truck, bus, motorcycle
  #   model_year: 2018          # US, EPA Hub: CO2 from the gallons, CH4/N2O from the miles of the same rows
  #   distance_unit: mile       #   in a distance column (Miles, 里程); or a Model Year column per vehicle
  # - path: bills/equipment.csv
  #   activity: diesel          # non-road, US EPA Hub per gallon: agricultural_equipment, construction_equipment,
  #   vehicle: construction_equipment   # industrial_equipment (forklifts), lawn_garden_equipment ...
  #   engine: equipment         # where the Hub prints several rows: 2_stroke, 4_stroke, off_road_truck, equipment
  # US alternative fuels (EPA Hub Table 4): cng (scf), lpg, lng, ethanol, biodiesel, always with their miles
  # - path: bills/cng-buses.csv
  #   activity: cng
  #   vehicle: bus
  #   distance_unit: mile       # the Miles column beside the fuel; no model_year: needed
  # Ships, locomotives, aircraft (US EPA Hub Table 5, per gallon)
  # - path: bills/jet.csv
  #   activity: jet_fuel        # aviation_gasoline; ships: fuel_oil, diesel, gasoline (engine: 2_stroke/4_stroke)
  #   vehicle: aircraft         # ship, locomotive
  # Memo lines, never added to Scope 1 or 2 (UK factors shipped; elsewhere give your own under factors:)
  # - path: bills/water.csv
  #   activity: water_supply    # water_treatment; m3
  # - path: bills/waste.csv
  #   activity: waste_landfill  # waste_incineration; t
instruments: []               # e.g. - {{type: green_certificate, quantity: 4000 kWh}}
# factors:                    # your own factors, e.g. the cooling supplier's (kg CO2e per kWh of cooling)
#   - {{activity: cooling, gas: CO2e, value: 0.09, unit: kg/kWh, source: "supplier's {year} statement"}}
# factor_sets: [us-egrid-td]  # Scope 3 cat. 3 T&D losses, opt-in: us-egrid-td (US), world-td (other countries);
#                             #   the UK's DESNZ T&D and upstream (WTT) lines are on by default
# onsite:                     # on-site generation settings
#   self_consumed_certificates_sold_kwh: 0   # kWh of self-consumed generation whose certificates were sold
#   view: gbt51366            # also report China's GB/T 51366-2019 building view
"""

#: Refrigerants and other fugitive gases (issue 14), commented: uncomment and fill in.
REFRIGERANTS_YAML = """\
# refrigerants:               # fugitive gases, Scope 1 (README: "Refrigerants and other fugitive gases")
#   method: screening         # screening | simplified | mass_balance
#   equipment:
#     - {{id: chiller-1, type: chillers, refrigerant: R-410A, charge_kg: 120}}
#     - {{id: split-ac-3, type: residential_commercial_ac, refrigerant: R-32, charge_kg: 2.5, count: 12,
#        installed: {year}-06-01, leak_rate: 4%}}
#   # log: (methods simplified: kinds service, new_charge; mass_balance: purchase, return,
#   #   inventory_start, inventory_end), e.g.
#   #   - {{date: {year}-05-10, refrigerant: R-410A, kg: 3.5, kind: service}}
"""
SITE_YAML += REFRIGERANTS_YAML

GAS_HEADER = "start,end,quantity,unit,meter,estimated\n"
ELECTRICITY_HEADERS = ["起始日期", "截止日期", "用电量", "单位", "表号", "是否估算"]


def init(folder: str | Path, *, year: int, force: bool = False) -> list[Path]:
    """Write ``site.yaml``, ``bills/electricity.xlsx`` and ``bills/gas.csv`` into ``folder``.

    :param year: the reporting year written into the period.
    :param force: replace files that already exist.
    :returns: the files written.
    :raises ConfigError: a file exists and ``force`` is not set, or ``folder`` is a file.
    """
    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise ConfigError("exists and is not a folder", where=root, fix="Choose a new folder name")
    files = [root / "site.yaml", root / "bills" / "electricity.xlsx", root / "bills" / "gas.csv"]
    # lexists: a dangling link is a file that exists too; a link is replaced, never followed (issue 16.16).
    existing = [f for f in files if os.path.lexists(f)]
    if existing and not force:
        raise ConfigError(
            f"{existing[0]} already exists",
            where=root,
            fix="Choose an empty folder, or pass --force to replace the templates",
        )
    if (root / "bills").is_symlink():
        raise ConfigError(
            f"{root / 'bills'} is a link to another folder",
            where=root,
            fix="Remove the link or choose another folder: carbon init writes only inside the folder it is given",
        )
    (root / "bills").mkdir(parents=True, exist_ok=True)
    site_id = root.resolve().name.lower().replace(" ", "-") or "site"
    site_yaml = SITE_YAML.format(site_id=site_id, site_name=site_id, year=year)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "电费"
    sheet.append(ELECTRICITY_HEADERS)
    write_atomic(files[0], lambda path: path.write_text(site_yaml, encoding="utf-8"), force=force)
    write_atomic(files[1], lambda path: workbook.save(path), force=force)
    write_atomic(files[2], lambda path: path.write_text(GAS_HEADER, encoding="utf-8"), force=force)
    return files
