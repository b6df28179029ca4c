"""The master's texts in other languages: optional <column>_sv / <column>_en columns of
costcentres.csv, kpis.csv and strategy.csv, used when that language is chosen, else Finnish."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kemixl.i18n import using
from kemixl.i18n.terms import centre_name, master_text
from kemixl.master import load_master
from kemixl.master.load import TRANSLATED_COLUMNS


def _add_columns(path: Path, values: dict[str, dict[str, str]], key: str = "code") -> None:
    """Add (or fill) columns of a master CSV: values[column][row key] (other rows empty)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    columns = list(dict.fromkeys([*rows[0].keys(), *values]))
    for row in rows:
        for column, by_key in values.items():
            row[column] = by_key.get(row[key], row.get(column) or "")
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        writer.writerows(rows)


def test_names_in_every_language_fall_back_to_finnish(master_copy: Path) -> None:
    before = load_master(master_copy)
    centre = before.centres[1]
    _add_columns(
        master_copy / "costcentres.csv",
        {"name_sv": {centre.code: "Centralförvaltningen"}, "name_en": {}},
    )
    m = load_master(master_copy)
    loaded = m.centre(centre.code)
    assert loaded is not None and loaded.name == centre.name
    with using("fi"):
        assert centre_name(loaded) == centre.name
    with using("sv"):
        assert centre_name(loaded) == "Centralförvaltningen"
        assert master_text(loaded, "name") == "Centralförvaltningen"
    with using("en"):  # no English name given: the Finnish one
        assert centre_name(loaded) == centre.name
    with using("fi+sv"):
        assert centre_name(loaded) == f"{centre.name} – Centralförvaltningen"
    other = m.centres[2]
    with using("sv"):  # a row without a Swedish name keeps its Finnish one
        assert centre_name(other) == other.name


def test_kpi_and_strategy_texts(master_copy: Path) -> None:
    m = load_master(master_copy)
    kpi, objective = m.kpis[0], m.objectives[0]
    _add_columns(
        master_copy / "kpis.csv",
        {"name_sv": {kpi.id: "Fast anställd personal, personer"}, "name_en": {kpi.id: "Staff"}},
        key="id",
    )
    _add_columns(
        master_copy / "strategy.csv",
        {
            "objective_sv": {objective.id: "Ett grönt och hållbart Kemi."},
            "goal_en": {objective.id: "A VITAL CITY"},
        },
        key="id",
    )
    m = load_master(master_copy)
    kpi = next(k for k in m.kpis if k.id == kpi.id)
    objective = next(o for o in m.objectives if o.id == objective.id)
    with using("sv"):
        assert master_text(kpi, "name") == "Fast anställd personal, personer"
        assert master_text(kpi, "group") == kpi.group
        assert master_text(objective, "objective") == "Ett grönt och hållbart Kemi."
        assert master_text(objective, "goal") == objective.goal
    with using("en"):
        assert master_text(kpi, "name") == "Staff"
        assert master_text(objective, "goal") == "A VITAL CITY"
        assert master_text(objective, "objective") == objective.objective
    with using("fi+sv"):
        assert master_text(kpi, "name") == f"{kpi.name} – Fast anställd personal, personer"
        # running text: the primary language only
        assert master_text(objective, "objective", both=False) == objective.objective
    with using("sv+fi"):
        assert master_text(objective, "objective", both=False) == "Ett grönt och hållbart Kemi."


def test_the_citys_name(master_copy: Path) -> None:
    toml = master_copy / "master.toml"
    lines = toml.read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(ln for ln in lines if not ln.startswith(("city_sv", "city_en")))
    toml.write_text(text.replace("[report]\n", '[report]\ncity_sv = "KEMI STAD"\n'), "utf-8")
    settings = load_master(master_copy).settings
    with using("sv"):
        assert master_text(settings, "city") == "KEMI STAD"
    with using("en"):
        assert master_text(settings, "city") == settings.city
    with using("fi+sv"):
        assert master_text(settings, "city") == f"{settings.city} – KEMI STAD"


def test_central_items(master_copy: Path) -> None:
    item = load_master(master_copy).central[0]
    columns = {"item_sv": {item.name: "Skatteinkomster"}, "item_en": {item.name: ""}}
    _add_columns(master_copy / "central.csv", columns, "item")
    loaded = load_master(master_copy).central[0]
    with using("sv"):
        assert master_text(loaded, "name") == "Skatteinkomster"
    with using("en"):
        assert master_text(loaded, "name") == item.name


@pytest.mark.parametrize("name", sorted(TRANSLATED_COLUMNS))
def test_empty_translation_columns_keep_the_fingerprint(master_copy: Path, name: str) -> None:
    """Templates already sent stay current when finance adds empty name_sv / name_en columns;
    filling one in is a change of the master's content."""
    before = load_master(master_copy).fingerprint
    columns = [f"{c}_{lang}" for c in TRANSLATED_COLUMNS[name] for lang in ("sv", "en")]
    key = {"costcentres.csv": "code", "central.csv": "item"}.get(name, "id")
    _add_columns(master_copy / name, {c: {} for c in columns}, key=key)
    assert load_master(master_copy).fingerprint == before
    _add_columns(master_copy / name, {f"{columns[0]}x": {}}, key=key)  # another unknown column
    assert load_master(master_copy).fingerprint == before
    with (master_copy / name).open(encoding="utf-8") as f:
        first = next(csv.DictReader(f))[key]
    _add_columns(master_copy / name, {columns[0]: {first: "Översättning"}}, key=key)
    assert load_master(master_copy).fingerprint != before
