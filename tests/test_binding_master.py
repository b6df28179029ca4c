"""The binding rules in the master data: master.toml's [budget] and costcentres.csv's `binding`
column, which units they make binding (kemixl.binding), and every way they can be wrong, each
named at its file and line in every language."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from kemixl.binding import Kind, Unit, binding_codes, conflicts, units
from kemixl.cli import main
from kemixl.i18n import using
from kemixl.master import MasterError, load_master
from kemixl.master.budget import NO, YES, binding_mark
from kemixl.master.convert import folder_to_workbook
from kemixl.model import DEFAULT_BUDGET, BudgetRules, CostCentre

from .conftest import INPUTS

DEPARTMENTS = ["64100000", "64200000", "64300000", "64400000", "64500000"]
AREAS = ["64110000", "64120000", "64130000", "64140000", "64150000"]  # 64100000's


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with using("en"):
        yield


def _problems(folder: Path) -> list[str]:
    with pytest.raises(MasterError) as info:
        load_master(folder)
    return [str(p) for p in info.value.problems]


def budget(folder: Path, text: str) -> None:
    """Append a [budget] table to master.toml."""
    with (folder / "master.toml").open("a", encoding="utf-8") as f:
        f.write("\n[budget]\n" + text)


def mark(folder: Path, marks: dict[str, str]) -> dict[str, int]:
    """Give costcentres.csv a binding column with these marks (others empty); returns each
    code's line."""
    path = folder / "costcentres.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    out, where = [lines[0] + ",binding"], {}
    for number, line in enumerate(lines[1:], start=2):
        code = line.split(",")[0]
        where[code] = number
        out.append(f"{line},{marks.get(code, '')}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return where


# --- what binds -----------------------------------------------------------------------------


def test_kemi_binds_each_department_net_by_default(master_copy: Path) -> None:
    master = load_master(master_copy)
    assert master.settings.budget == DEFAULT_BUDGET == BudgetRules("department", "net", 1000.0)
    assert units(master) == tuple(Unit(code, Kind.NET) for code in DEPARTMENTS)


def test_result_area_level_binds_each_child_of_a_department(master_copy: Path) -> None:
    budget(master_copy, 'level = "result-area"\nmeasure = "gross"\nround_to = 500\n')
    master = load_master(master_copy)
    assert master.settings.budget == BudgetRules("result-area", "gross", 500.0)
    areas = [a.code for d in master.departments for a in master.children(d.code) or (d,)]
    assert "64400000" in areas  # a department without result areas binds itself
    bound = units(master)
    assert bound == (
        *(Unit(code, Kind.INCOME) for code in areas),
        *(Unit(code, Kind.COSTS) for code in areas),
    )
    assert len(areas) == len(master.centres) - 1 - 4  # every leaf: all but the root and totals


def test_the_column_moves_a_department_down_to_its_result_areas(master_copy: Path) -> None:
    mark(master_copy, {"64100000": "ei", **dict.fromkeys(AREAS, "kyllä")})
    master = load_master(master_copy)
    assert [u.code for u in units(master)] == [*AREAS, *DEPARTMENTS[1:]]


def test_an_empty_binding_column_keeps_the_fingerprint(master_copy: Path, tmp_path: Path) -> None:
    """Templates already sent stay current when finance adds the optional column empty; a
    mark is a change of content."""
    shutil.copytree(master_copy, tmp_path / "marked")
    before = load_master(master_copy).fingerprint
    mark(master_copy, {})
    assert load_master(master_copy).fingerprint == before
    mark(tmp_path / "marked", {"64100000": "no", **dict.fromkeys(AREAS, "yes")})
    assert load_master(tmp_path / "marked").fingerprint != before


@pytest.mark.parametrize("word", [*YES, "KYLLÄ", " Yes ", "TRUE"])
def test_yes_words(word: str) -> None:
    assert binding_mark(word) is True


@pytest.mark.parametrize("word", [*NO, "EI", "Nej", "FALSE"])
def test_no_words(word: str) -> None:
    assert binding_mark(word) is False


def test_an_empty_mark_leaves_the_default() -> None:
    assert binding_mark("") is None and binding_mark("  ") is None


# --- what is wrong --------------------------------------------------------------------------


def test_an_unknown_mark_is_named_at_its_line(master_copy: Path) -> None:
    lines = mark(master_copy, {"64300000": "maybe"})
    (problem,) = _problems(master_copy)
    assert problem == (
        f"{master_copy / 'costcentres.csv'}:{lines['64300000']}: binding 'maybe' must be yes or "
        "no (yes/no, kyllä/ei, ja/nej, 1/0), or empty for the [budget] level's default"
    )


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            'level = "tulosalue"',
            "[budget] level: 'tulosalue' must be one of department, result-area",
        ),
        ('measure = "brutto"', "[budget] measure: 'brutto' must be one of net, gross"),
        ("round_to = 0", "[budget] round_to: 0 must be a positive number of euros"),
        ("round_to = -100", "[budget] round_to: -100 must be a positive number of euros"),
        ('round_to = "1000"', "[budget] round_to: '1000' must be a positive number of euros"),
        ("round_to = true", "[budget] round_to: True must be a positive number of euros"),
        ("sitovuus = 1", "[budget] sitovuus: unknown setting (known: level, measure, round_to)"),
    ],
)
def test_bad_budget_settings_name_their_line(master_copy: Path, setting: str, message: str) -> None:
    toml = master_copy / "master.toml"
    lines = len(toml.read_text(encoding="utf-8").splitlines())
    budget(master_copy, setting + "\n")
    assert _problems(master_copy) == [f"{toml}:{lines + 3}: {message}"]


def test_budget_that_is_no_table(master_copy: Path) -> None:
    toml = master_copy / "master.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text('budget = "department"\n' + text, encoding="utf-8")
    assert _problems(master_copy) == [f"{toml}: [budget] must be a table of settings"]


def test_a_unit_inside_a_unit_would_count_twice(master_copy: Path) -> None:
    lines = mark(master_copy, {"64110000": "yes"})
    (problem,) = _problems(master_copy)
    assert problem == (
        f"{master_copy / 'costcentres.csv'}:{lines['64110000']}: 64110000 is a binding unit "
        f"inside the binding unit 64100000 (line {lines['64100000']}): its euros would count "
        "twice; mark 64100000 binding=no to bind the units inside it instead, or leave "
        "64110000's binding empty"
    )


def test_a_department_marked_inside_result_area_binding(master_copy: Path) -> None:
    budget(master_copy, 'level = "result-area"\n')
    lines = mark(master_copy, {"64200000": "yes"})
    problems = _problems(master_copy)
    areas = ["64210000", "64220000", "64230000"]
    assert [p.split(": ")[0] for p in problems] == [
        f"{master_copy / 'costcentres.csv'}:{lines[a]}" for a in areas
    ]
    assert all("inside the binding unit 64200000" in p for p in problems)


def test_a_budget_bound_by_nothing(master_copy: Path) -> None:
    lines = mark(master_copy, {"64200000": "no", "64210000": "yes"})
    problems = _problems(master_copy)
    assert [p.split(": ")[0] for p in problems] == [
        f"{master_copy / 'costcentres.csv'}:{lines[a]}" for a in ("64220000", "64230000")
    ]
    assert problems[0].endswith(
        "64220000 lies in no binding unit (the [budget] level is department): its budget "
        "would be bound by nothing; mark it, or the units inside it, binding=yes"
    )


def test_a_whole_department_bound_by_nothing_is_one_problem(master_copy: Path) -> None:
    lines = mark(master_copy, {"64300000": "no"})
    (problem,) = _problems(master_copy)
    assert problem.startswith(f"{master_copy / 'costcentres.csv'}:{lines['64300000']}: 64300000")


def test_the_city_is_no_unit(master_copy: Path) -> None:
    lines = mark(master_copy, {"64000000": "yes"})
    (problem,) = _problems(master_copy)
    assert problem == (
        f"{master_copy / 'costcentres.csv'}:{lines['64000000']}: 64000000 is the whole city "
        "and cannot be a binding unit; mark departments or result areas binding instead"
    )


def test_a_broken_tree_is_not_checked_again(master_copy: Path) -> None:
    """A cycle or a refused row is reported once; no binding problem follows from it."""
    mark(master_copy, {"64110000": "yes"})
    with (master_copy / "costcentres.csv").open("a", encoding="utf-8") as f:
        f.write("64910000,64920000,A,,\n64920000,64910000,B,,\n")
    problems = _problems(master_copy)
    assert problems and not any("binding" in p for p in problems)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fi", "on sitova yksikkö sitovan yksikön 64100000"),
        ("sv", "är en bindande enhet inom den bindande enheten 64100000"),
        ("en", "is a binding unit inside the binding unit 64100000"),
    ],
)
def test_master_problems_in_every_language(master_copy: Path, lang: str, words: str) -> None:
    lines = mark(master_copy, {"64110000": "yes"})
    result = CliRunner().invoke(
        main, ["--lang", lang, "check", str(INPUTS), "--master", str(master_copy)]
    )
    assert result.exit_code == 2, result.output
    (line,) = result.output.strip().splitlines()
    assert f"costcentres.csv:{lines['64110000']}: 64110000 {words}" in line


def test_the_master_workbook_names_its_settings_row(master_copy: Path, tmp_path: Path) -> None:
    budget(master_copy, 'measure = "net"\n')
    book = tmp_path / "master.xlsx"
    folder_to_workbook(master_copy, book)
    wb = load_workbook(book)
    ws = next(ws for ws in wb if any(c.value == "measure" for c in ws["B"]))  # the settings
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "measure")
    ws.cell(row, 3).value = "netto"
    wb.save(book)
    assert _problems(book) == [
        f"{book}:{ws.title}:{row}: [budget] measure: 'netto' must be one of net, gross"
    ]


@pytest.mark.parametrize(
    ("lang", "title"), [("fi", "Sitova yksikkö (kyllä/ei)"), ("sv", "Bindande enhet (ja/nej)")]
)
def test_the_master_workbook_carries_the_binding_rules(
    master_copy: Path, tmp_path: Path, lang: str, title: str
) -> None:
    """perustiedot.xlsx titles the column in its language, explains and validates [budget],
    and reads both back to the same units and fingerprint as the folder."""
    budget(master_copy, 'level = "department"\nmeasure = "gross"\nround_to = 500\n')
    mark(master_copy, {"64100000": "no", **dict.fromkeys(AREAS, "yes")})
    folder = load_master(master_copy)
    book = tmp_path / "perustiedot.xlsx"
    with using(lang):
        folder_to_workbook(master_copy, book)
    wb = load_workbook(book)
    centres = next(ws for ws in wb if ws.cell(1, 1).value in ("Koodi", "Kod"))
    assert [c.value for c in centres[1]][-1] == title
    settings = next(ws for ws in wb if any(c.value == "round_to" for c in ws["B"]))
    rows = {ws_row[1].value: ws_row for ws_row in settings.iter_rows(min_row=2)}
    assert rows["measure"][2].value == "gross" and rows["round_to"][2].value == 500
    assert all(rows[key][3].value for key in ("level", "measure", "round_to"))  # explained
    validated = {str(v.sqref): v for v in settings.data_validations.dataValidation}
    assert validated[f"C{rows['measure'][2].row}"].formula1 == '"net,gross"'
    again = load_master(book)
    assert units(again) == units(folder) and again.fingerprint == folder.fingerprint


# --- the rule itself: a partition of the leaves, or a conflict ------------------------------


@st.composite
def trees(draw: st.DrawFn) -> tuple[list[CostCentre], str]:
    """A random tree under a root (up to four levels), each node marked yes, no or not."""
    marks = st.sampled_from([None, True, False])
    centres = [CostCentre("100", None, "ROOT", binding=draw(st.sampled_from([None, False])))]
    frontier = ["100"]
    for depth in range(draw(st.integers(1, 3))):
        nxt = []
        for parent in frontier:
            for k in range(draw(st.integers(0 if depth else 1, 3))):
                code = f"{parent}{k}"
                centres.append(CostCentre(code, parent, code, binding=draw(marks)))
                nxt.append(code)
        frontier = nxt
    return centres, draw(st.sampled_from(["department", "result-area"]))


@settings(max_examples=300, deadline=None)
@given(trees())
def test_binding_units_partition_the_leaves_or_a_conflict_says_why(
    tree: tuple[list[CostCentre], str],
) -> None:
    centres, level = tree
    parents = {c.code: c.parent for c in centres}
    kids = {c.parent for c in centres}
    leaves = [c.code for c in centres if c.code not in kids and c.parent is not None]
    bound = set(binding_codes(centres, level))
    found = conflicts(centres, level)

    def owners(code: str) -> list[str]:
        out, node = [], code
        while node is not None:
            if node in bound:
                out.append(node)
            node = parents[node]
        return out

    partition = all(len(owners(leaf)) == 1 for leaf in leaves)
    nested = any(len(owners(code)) > 1 for code in bound)
    assert (not found) == (partition and not nested and "100" not in bound)
    for conflict in found:
        if conflict.problem == "nested":
            assert conflict.outer in owners(conflict.code)[1:]
        if conflict.problem == "uncovered":
            assert not owners(conflict.code)


@settings(max_examples=300, deadline=None)
@given(trees())
def test_binding_codes_come_in_the_trees_preorder(tree: tuple[list[CostCentre], str]) -> None:
    """binding_codes walks only the parts of the tree that hold a binding node: the codes and
    their order are those of the whole tree's preorder (a node before its children, children
    in file order)."""
    centres, level = tree
    kids: dict[str | None, list[str]] = {}
    for c in centres:
        kids.setdefault(c.parent, []).append(c.code)

    def preorder(code: str) -> list[str]:
        return [code, *(d for k in kids.get(code, []) for d in preorder(k))]

    bound = binding_codes(centres, level)
    assert list(bound) == [code for code in preorder("100") if code in set(bound)]
    departments = kids.get("100", [])
    areas = [a for d in departments for a in kids.get(d, [d])]
    default = departments if level == "department" else areas
    chosen = {c.code for c in centres if c.binding is True} | (
        set(default) - {c.code for c in centres if c.binding is False}
    )
    assert set(bound) == chosen - {c.code for c in centres if c.binding is False}
