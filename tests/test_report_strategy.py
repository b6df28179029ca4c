"""The strategy sheet: every objective and realization under its table's title and SDG names,
statuses, the matrix, and a print that reads at 8 points or more without the internal ids."""

from __future__ import annotations

import csv
import dataclasses
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

from kemixl.i18n import label, using
from kemixl.layout import ALL_STATUSES
from kemixl.master import load_master
from kemixl.pipeline import consolidate
from kemixl.reconcile import Consolidation
from kemixl.report.strategy import DEPT, GOAL, ID, MATRIX_TITLE, STATUS
from kemixl.sdg import SDG_NAMES, sdg_label
from kemixl.synth import synthesize
from tests.libreoffice import libreoffice, render_pdf  # noqa: F401  (fixture)

from .conftest import TEMPLATES
from .test_report_support import (  # noqa: F401  (fixtures)
    fixture_samples_consolidation,
    fixture_samples_workbook,
    master_csv,
    sample_csv,
    write,
)

TITLES = ("Tavoite", "Toimenpiteet", "Vastuu ja aikataulu", "Mittarit, arviointi")
A4_LANDSCAPE_POINTS = 841.9


def _header(ws: Worksheet) -> int:
    return next(
        r
        for r in range(1, ws.max_row + 1)
        if tuple(ws.cell(r, c).value for c in range(1, 5)) == TITLES
    )


def _table(ws: Worksheet) -> tuple[int, list[str], dict[str, list[object]]]:
    """(header row, titles, objective rows by id) of the objectives table."""
    header = _header(ws)
    titles = [str(ws.cell(header, c).value or "") for c in range(1, ws.max_column + 1)]
    rows = {}
    for r in range(header + 1, ws.max_row + 1):
        values = [ws.cell(r, c).value for c in range(1, ws.max_column + 1)]
        if values[ID]:
            rows[str(values[ID])] = values
    return header, titles, rows


def test_every_objective_and_realization_text(samples_workbook: Path) -> None:
    ws = load_workbook(samples_workbook)["Strategia"]
    _header_row, titles, by_id = _table(ws)
    assert [titles[GOAL], titles[DEPT], titles[ID]] == [
        "Strateginen päämäärä",
        "Toimiala",
        "Tunnus",
    ]
    master = master_csv("strategy.csv")
    names = {row["code"]: row["name"] for row in master_csv("costcentres.csv")}
    assert len(by_id) == len(master) == 70
    for o in master:
        row = by_id[o["id"]]
        for key, title in (
            ("objective", "Tavoite"),
            ("actions", "Toimenpiteet"),
            ("owner_schedule", "Vastuu ja aikataulu"),
            ("metrics", "Mittarit, arviointi"),
            ("goal", "Strateginen päämäärä"),
        ):
            assert (row[titles.index(title)] or "") == o[key], (o["id"], title)
        assert row[DEPT] == names[o["department"]]
    realization = next(t for t in titles if t.startswith("Toteuma"))
    for r in sample_csv("strategy.csv"):
        row = by_id[r["id"]]
        assert (row[titles.index(realization)] or "") == r["realization"], r["id"]
        assert row[titles.index("Tila")] == (r["status"] or "Ei raportoitu"), r["id"]


def test_unreported_objectives_say_so(samples_consolidation: Consolidation, tmp_path: Path) -> None:
    realizations = dict(samples_consolidation.realizations)
    for oid in ("S001", "S002", "S040"):
        del realizations[oid]
    c = dataclasses.replace(samples_consolidation, realizations=realizations)
    ws = load_workbook(write(c, tmp_path / "r.xlsx"))["Strategia"]
    _h, titles, rows = _table(ws)
    status = {oid: row[titles.index("Tila")] for oid, row in rows.items()}
    assert status["S001"] == status["S002"] == status["S040"] == "Ei raportoitu"
    assert all(s in ALL_STATUSES for s in status.values())


def _tables(ws: Worksheet) -> list[tuple[str, list[str], list[str]]]:
    """(title, SDG lines, ids) of every strategy table, top to bottom."""
    out: list[tuple[str, list[str], list[str]]] = []
    for r in range(_header(ws) + 1, ws.max_row + 1):
        text, oid = ws.cell(r, 1).value, ws.cell(r, ID + 1).value
        if oid:
            out[-1][2].append(str(oid))
        elif str(text).startswith("Strateginen päämäärä: "):
            out.append((str(text), [], []))
        elif text:
            out[-1][1].append(str(text))
    return out


def test_each_table_under_its_title_with_its_sdg_names(samples_workbook: Path) -> None:
    """As the seed: "Strateginen päämäärä: GOAL, DEPARTMENT", then the table's UN goals by
    name ("3 TERVEYTTÄ JA HYVINVOINTIA"), read from strategy_sdg.csv; a table without SDGs
    has no SDG line; every objective stands under the title of its own goal and department."""
    ws = load_workbook(samples_workbook)["Strategia"]
    names = {row["code"]: row["name"] for row in master_csv("costcentres.csv")}
    sdgs = {(r["goal"], r["department"]): r["sdg"].split() for r in master_csv("strategy_sdg.csv")}
    objectives = {o["id"]: o for o in master_csv("strategy.csv")}
    tables = _tables(ws)
    assert len(tables) == 12  # 3 goals x 4 departments
    for title, sdg_lines, ids in tables:
        o = objectives[ids[0]]
        assert title == f"Strateginen päämäärä: {o['goal']}, {names[o['department']]}"
        assert all(
            (objectives[i]["goal"], objectives[i]["department"]) == (o["goal"], o["department"])
            for i in ids
        )
        numbers = sdgs.get((o["goal"], o["department"]), [])
        text = " · ".join(sdg_lines)
        if numbers:
            assert text.startswith("YK:n kestävän kehityksen tavoitteet (SDG): "), text
            labels = text.split(": ", 1)[1].split(" · ")
            assert labels == [sdg_label(int(n)) for n in numbers], title
        else:
            assert sdg_lines == [], title
    assert sum(len(ids) for _t, _s, ids in tables) == 70
    first = next(
        lines for t, lines, _i in tables if t.endswith("ELINVOIMAINEN KAUPUNKI, KESKUSVIRASTO")
    )
    assert "3 TERVEYTTÄ JA HYVINVOINTIA" in " ".join(first)


def test_the_official_names_of_the_17_goals() -> None:
    assert sorted(SDG_NAMES) == list(range(1, 18))
    assert len(set(SDG_NAMES.values())) == 17
    assert sdg_label(3) == "3 TERVEYTTÄ JA HYVINVOINTIA"
    assert sdg_label(1) == "1 EI KÖYHYYTTÄ"  # the seed's "KÖYHYTTÄ" is a typo
    assert sdg_label(16) == "16 RAUHA, OIKEUDENMUKAISUUS JA HYVÄ HALLINTO"
    for lang in ("fi", "sv", "en"):
        with using(lang):
            labels = [sdg_label(n) for n in SDG_NAMES]
        assert len(set(labels)) == 17, lang
        assert all(text == text.upper() for text in labels), lang  # as the icons print them
    with using("sv"):
        assert sdg_label(3) == "3 GOD HÄLSA OCH VÄLBEFINNANDE"
    with using("en"):
        assert sdg_label(17) == "17 PARTNERSHIPS FOR THE GOALS"
    with using("fi+sv"):
        assert sdg_label(1) == "1 EI KÖYHYYTTÄ – INGEN FATTIGDOM"


def test_status_list_and_filter(samples_workbook: Path) -> None:
    ws = load_workbook(samples_workbook)["Strategia"]
    header = _header(ws)
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    covered = {c for dv in lists for rng in dv.sqref.ranges for c in _cells(str(rng))}
    status_col = STATUS + 1
    for r in range(header + 1, ws.max_row + 1):
        if ws.cell(r, ID + 1).value:
            assert (r, status_col) in covered, r
    assert ws.auto_filter.ref == f"A{header}:F{ws.max_row}"
    assert ws.freeze_panes == f"A{header + 1}"
    assert ws.print_title_rows == f"${header}:${header}"
    assert not ws.merged_cells.ranges  # the matrix too: no merged cells anywhere


def _cells(ref: str) -> set[tuple[int, int]]:
    m = re.fullmatch(r"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?", ref)
    assert m
    c0, r0 = column_index_from_string(m.group(1)), int(m.group(2))
    c1, r1 = (column_index_from_string(m.group(3)), int(m.group(4))) if m.group(3) else (c0, r0)
    return {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}


def _print_columns(ws: Worksheet) -> tuple[int, int]:
    m = re.fullmatch(r"'?[^!]+'?!\$([A-Z]+)\$\d+:\$([A-Z]+)\$\d+", str(ws.print_area))
    assert m, ws.print_area
    return column_index_from_string(m.group(1)), column_index_from_string(m.group(2))


def test_ids_goal_and_department_columns_are_not_printed(samples_workbook: Path) -> None:
    ws = load_workbook(samples_workbook)["Strategia"]
    first, last = _print_columns(ws)
    assert first == 1
    header = _header(ws)
    for col in (ID, GOAL, DEPT):
        assert col + 1 > last, ws.cell(header, col + 1).value
    for row in ws.iter_rows(min_row=1, max_col=last):
        for cell in row:
            assert not re.fullmatch(r"S\d{3}", str(cell.value)), cell.coordinate


def effective_points(ws: Worksheet) -> float:
    """The smallest font size in the print area times the scale at which the print area's
    columns fit one A4 landscape page's width (fitToWidth=1), in whichever program fits them
    smaller: Excel makes a column of stored width w int(7 w + 0.5) pixels wide; LibreOffice
    w digits of Arial 10, 5.56 points each (some 6 % wider)."""
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    first, last = _print_columns(ws)
    stored = []
    for col in range(first, last + 1):
        dim = next(
            (d for d in ws.column_dimensions.values() if (d.min or 0) <= col <= (d.max or 0)),
            None,
        )
        stored.append(dim.width if dim is not None and dim.width else 8.43 + 5 / 7)
    printable = A4_LANDSCAPE_POINTS - 72 * (ws.page_margins.left + ws.page_margins.right)
    excel = printable * 4 / 3 / sum(int(w * 7 + 0.5) for w in stored)
    calc = printable / sum(w * 5.56 for w in stored)
    sizes = {
        cell.font.sz or 11
        for row in ws.iter_rows(max_col=last)
        for cell in row
        if cell.value not in (None, "")
    }
    return min(sizes) * min(1.0, excel, calc)


def test_strategy_prints_at_eight_points_or_more(samples_workbook: Path) -> None:
    wb = load_workbook(samples_workbook)
    assert effective_points(wb["Strategia"]) >= 8
    assert effective_points(wb["Tunnusluvut"]) >= 8


def _word_heights(pdf: Path, tmp_path: Path, word: str, footer: str | None = None) -> list[float]:
    """The heights of a word's boxes on the pages (whose footer names `footer`, if given);
    also asserts that no page printed an id."""
    html = tmp_path / f"{pdf.stem}.html"
    subprocess.run(["pdftotext", "-bbox", str(pdf), str(html)], check=True, timeout=120)
    pages = re.findall(r"<page[^>]*>(.*?)</page>", html.read_text(encoding="utf-8"), re.S)
    heights = []
    for page in pages:
        words = re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
            page,
        )
        if footer is not None and footer not in {w for _a, _b, w in words}:
            continue
        heights += [float(b) - float(a) for a, b, w in words if w == word]
        assert not any(re.fullmatch(r"S\d{3}", w) for _a, _b, w in words)
    return heights


@pytest.mark.usefixtures("libreoffice")
def test_libreoffice_prints_the_strategy_readably(samples_workbook: Path, tmp_path: Path) -> None:
    """The rendered pages: the table's 10-point bold titles drawn at 8 points or more (their
    boxes against the same word printed at 10 points, unscaled), no id printed, SDG names
    printed."""
    reference = tmp_path / "ten.xlsx"
    book = xlsxwriter.Workbook(str(reference))
    book.add_worksheet().write_string(
        0, 0, "Toimenpiteet", book.add_format({"font_name": "Arial", "font_size": 10, "bold": True})
    )
    book.close()
    (ten,) = _word_heights(render_pdf(reference, tmp_path / "ref"), tmp_path, "Toimenpiteet")
    pdf = render_pdf(samples_workbook, tmp_path)
    heights = _word_heights(pdf, tmp_path, "Toimenpiteet", footer="Strategia")
    assert len(heights) >= 10  # on every page: the repeated column titles
    assert 10 * min(heights) / ten >= 8
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "3 TERVEYTTÄ JA HYVINVOINTIA" in text and "17 YHTEISTYÖ JA KUMPPANUUS" in text


def _matrix(ws: Worksheet) -> tuple[int, list[str], dict[tuple[str, str], list[object]]]:
    """(top row, column titles, counts by (goal, department or "")) of the matrix."""
    top = next(r for r in range(1, ws.max_row) if ws.cell(r, 1).value == label(MATRIX_TITLE))
    titles = [str(ws.cell(top, c).value) for c in range(2, 2 + len(ALL_STATUSES) + 1)]
    goals = {o["goal"] for o in master_csv("strategy.csv")}
    counts: dict[tuple[str, str], list[object]] = {}
    goal = ""
    for r in range(top + 1, _header(ws)):
        text = ws.cell(r, 1).value
        if text is None:
            continue
        values = [ws.cell(r, c).value for c in range(2, 2 + len(titles))]
        if text in goals or text == "Kaikki yhteensä":
            goal = str(text)
            counts[(goal, "")] = values
        else:
            counts[(goal, str(text))] = values
    return top, titles, counts


def test_matrix_counts_per_goal_and_department(samples_workbook: Path) -> None:
    """Counted independently from the master and sample CSVs."""
    ws = load_workbook(samples_workbook, data_only=True)["Strategia"]
    _top, titles, counts = _matrix(ws)
    assert titles == [*ALL_STATUSES, "Yhteensä"]
    names = {row["code"]: row["name"] for row in master_csv("costcentres.csv")}
    status = {r["id"]: r["status"] or "Ei raportoitu" for r in sample_csv("strategy.csv")}
    expected: Counter[tuple[str, str, str]] = Counter()
    for o in master_csv("strategy.csv"):
        expected[(o["goal"], names[o["department"]], status[o["id"]])] += 1
        expected[(o["goal"], "", status[o["id"]])] += 1
        expected[("Kaikki yhteensä", "", status[o["id"]])] += 1
    assert len(counts) == 3 + 12 + 1
    for (goal, dept), values in counts.items():
        want = [expected[(goal, dept, s)] for s in ALL_STATUSES]
        assert values == [*want, sum(want)], (goal, dept)
    assert counts[("Kaikki yhteensä", "")][-1] == 70


def test_sdg_master_data_in_the_department_templates(tmp_path: Path) -> None:
    """The template's strategy sheet shows each objective's table's SDG list, not its own."""
    from kemixl import layout as T
    from kemixl.i18n import _, terms
    from kemixl.templates.writer import write_templates

    master = load_master(TEMPLATES)
    results = [r for r in write_templates(master, tmp_path) if r.path is not None]
    ws = load_workbook(next(r.path for r in results if r.department == "64500000"))[
        T.STRATEGY_SHEET
    ]
    titles = [ws.cell(4, c).value for c in range(1, ws.max_column + 1)]
    sdg, goal = titles.index(T.SDG) + 1, titles.index(_(terms.GOAL)) + 1
    with (TEMPLATES / "strategy_sdg.csv").open(encoding="utf-8") as f:
        lists = {r["goal"]: r["sdg"] for r in csv.DictReader(f) if r["department"] == "64500000"}
    rows = range(5, ws.max_row + 1)
    assert {ws.cell(r, goal).value for r in rows} == set(lists)
    for r in rows:
        assert ws.cell(r, sdg).value == lists[ws.cell(r, goal).value]


def test_another_organisation_has_its_tables(tmp_path: Path) -> None:
    r = synthesize(tmp_path / "org", departments=3, areas=2, seed=3)
    out = tmp_path / "r.xlsx"
    consolidate(r.inputs, r.templates, out)
    master = load_master(r.templates)
    ws = load_workbook(out)["Strategia"]
    tables = _tables(ws)
    pairs = {(o.goal, o.department) for o in master.objectives}
    assert len(tables) == len(pairs) == len(master.sdgs)
    for _title, lines, ids in tables:
        o = next(x for x in master.objectives if x.id == ids[0])
        labels = " · ".join(lines).split(": ", 1)[1].split(" · ")
        assert labels == [sdg_label(n) for n in master.sdgs_of(o.goal, o.department)]
    assert effective_points(ws) >= 8
