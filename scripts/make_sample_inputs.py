"""Regenerate the bundled Kemi 2023 sample submissions under inputs/.

    python scripts/make_sample_inputs.py

Each department's workbook is its generated template (`kemixl templates`) filled, as the
department would, with its figures, explanations, KPIs and strategy realizations from
samples/kemi2023/*.csv (transcribed from the seed report) and its investment projects' figures
from samples/kemi2023/investments.csv (synthetic: the seed has no investment part), and saved
by openpyxl.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from pathlib import Path

from kemixl import layout as T
from kemixl.i18n import terms
from kemixl.master import load_master
from kemixl.model import EXPENDITURE, INCOME, Column, Line
from kemixl.numbers import parse_kpi_value
from kemixl.templates.fill import fill_template
from kemixl.templates.writer import write_templates

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "kemi2023"


def _rows(name: str) -> list[dict[str, str]]:
    with (SAMPLES / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=ROOT / "inputs")
    args = parser.parse_args()
    master = load_master(ROOT / "templates")
    figures = {
        (r["code"], Line(r["line"])): {
            Column.ACTUAL: float(r["actual"]),
            Column.FORECAST: float(r["forecast"]),
        }
        for r in _rows("finance.csv")
    }
    texts = {r["department"]: r for r in _rows("explanations.csv")}
    kpis = {
        r["id"]: (parse_kpi_value(r["actual"]), parse_kpi_value(r["forecast"]))
        for r in _rows("kpis.csv")
    }
    strategy = {r["id"]: (r["status"], r["realization"]) for r in _rows("strategy.csv")}
    projects = sample_projects()
    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for result in write_templates(master, Path(tmp)):
            if result.path is None:
                continue
            dept = result.department
            t = texts.get(dept, {})
            explanations = {
                T.RESPONSIBLE_LABEL: t.get("responsible", ""),
                T.EXPLANATION_LABEL: t.get("explanation", ""),
                T.SAVINGS_LABEL: t.get("savings", ""),
            }
            target = args.output / result.path.name
            fill_template(
                result.path,
                target,
                master.period,
                figures,
                explanations,
                kpis,
                strategy,
                projects,
            )
            print(f"wrote {target}")


def sample_projects() -> dict[str, dict[object, object]]:
    """Every project's answer of the sample, by id (samples/kemi2023/investments.csv)."""
    return {r["id"]: project_answer(r) for r in _rows("investments.csv")}


def project_answer(row: dict[str, str]) -> dict[object, object]:
    """A project's answer: its actuals and forecasts (expenditure and income), the status in
    the template's words, the explanation."""
    return {
        (EXPENDITURE, Column.ACTUAL): float(row["actual"]),
        (INCOME, Column.ACTUAL): float(row["actual_income"]),
        (EXPENDITURE, Column.FORECAST): float(row["forecast"]),
        (INCOME, Column.FORECAST): float(row["forecast_income"]),
        "status": terms.project_status_label(row["status"]),
        "explanation": row["explanation"],
    }


if __name__ == "__main__":
    main()
