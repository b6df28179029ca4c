"""Plausible numbers: the four rules of reconcile/plausibility.py fire on the mistakes people
make with figures, each named to its cells, and stay quiet on real data and its edge cases.

Free-form KESKUSVIRASTO workbooks as in test_rules.py (`write_submission`, default `Drift`):
B TP 2022 … E Toteuma 01-06/2023, G TP-ENNUSTE 2023; per cost centre a code row, then
TOIMINTATUOTOT, TOIMINTAKULUT, TOIMINTAKATE:

    64110000 rows 3-4, 64120000 rows 7-8, 64130000 rows 11-12, 64140000 rows 15-16,
    64150000 rows 19-20 (budget 0, credits), total 64100000 rows 23-24.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kemixl.cli import main
from kemixl.findings import Finding, Rule, Severity
from kemixl.i18n import using
from kemixl.master import MasterError, load_master
from kemixl.model import Column, Line, Master
from kemixl.pipeline import check, consolidate
from kemixl.reconcile import Consolidation
from kemixl.synth import synthesize

from .builders import Drift, Reported, sample_reported
from .conftest import INPUTS, TEMPLATES
from .test_rules import KV, freeform, hits, where


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """These tests read the messages' English words (fi/sv: tests/test_messages.py)."""
    with using("en"):
        yield


E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE
PLAUSIBILITY = {
    Rule.LOOKS_LIKE_THOUSANDS,
    Rule.FORECAST_BELOW_ACTUAL,
    Rule.IMPLAUSIBLE_PACE,
    Rule.FORECAST_COPIES_ACTUAL,
}
LEAF_ROWS = {"64110000": 3, "64120000": 7, "64130000": 11, "64140000": 15, "64150000": 19}


def plausibility(c: Consolidation) -> list[Finding]:
    return [f for f in c.findings if f.rule in PLAUSIBILITY]


def scaled(factor: float, codes: tuple[str, ...] | None = None) -> Reported:
    """The sample's figures with the actuals and forecasts of `codes` (all) times factor."""
    reported = sample_reported()
    for (code, _line), values in reported.items():
        if codes is None or code in codes:
            for column in (Column.ACTUAL, Column.FORECAST):
                values[column] = float(round(values[column] * factor, 2))
    return reported


BLANK = float("nan")  # a cell left blank (written through Drift.overrides)


def changed(reported: Reported, code: str, line: Line, **values: float) -> Reported:
    for key, value in values.items():
        reported[(code, line)][Column(key)] = value
    return reported


def cells_of(codes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        f"{col}{LEAF_ROWS[code] + i}" for code in codes for i in (0, 1) for col in ("E", "G")
    )


# ---------------------------------------------------------------------------------------------
# quiet on real data


def test_the_clean_sample_has_none(master: Master) -> None:
    assert plausibility(check(INPUTS, master)) == []


@pytest.mark.parametrize("dept", ["64100000", "64200000", "64300000", "64500000"])
def test_every_department_free_form_has_none(tmp_path: Path, master: Master, dept: str) -> None:
    """The seed's real figures, including 64320000's income already at 140 % of its budget
    with a forecast below it (income received in advance), 64150000's credits against a zero
    budget and 64210000's costs at 13 % of the budget at mid-year."""
    assert plausibility(check(freeform(tmp_path, master, dept=dept), master)) == []


def test_a_synthetic_organisation_has_none(tmp_path: Path) -> None:
    org = synthesize(tmp_path / "org", 3, 4, seed=11)
    assert plausibility(consolidate(org.inputs, org.templates, tmp_path / "r.xlsx")) == []


# ---------------------------------------------------------------------------------------------
# looks-like-thousands


def test_a_department_in_thousands_is_one_error_naming_every_figure(
    tmp_path: Path, master: Master
) -> None:
    path = freeform(tmp_path, master, reported=scaled(1 / 1000))
    c = check(path, master)
    found = hits(c, Rule.LOOKS_LIKE_THOUSANDS)
    assert [where(f) for f in found] == [
        (Rule.LOOKS_LIKE_THOUSANDS, E, "kv.xlsx", "Taul1", "E3", KV, 106.57, 106570.0)
    ]
    assert found[0].cells == cells_of(tuple(LEAF_ROWS))  # 64150000's credits too
    message = found[0].text()
    assert "thousands of euros" in message and "106,570 in euros" in message
    assert "106\u00a0570" in found[0].text("fi")  # Finnish groups thousands with a no-break space
    assert "E3:G20 (20 cells)" in message
    assert hits(c, Rule.IMPLAUSIBLE_PACE) == []  # one mistake, one finding
    result = CliRunner().invoke(
        main, ["--lang", "en", "check", str(path), "--master", str(TEMPLATES)]
    )
    line = next(ln for ln in result.output.splitlines() if "(looks-like-thousands)" in ln)
    assert result.exit_code == 1 and ": error [64100000]: the figures of 64100000 look" in line


def test_one_result_area_in_thousands_is_named_alone(tmp_path: Path, master: Master) -> None:
    c = check(freeform(tmp_path, master, reported=scaled(1 / 1000, ("64120000",))), master)
    found = hits(c, Rule.LOOKS_LIKE_THOUSANDS)
    assert [(f.code, f.cell, f.cells) for f in found] == [
        ("64120000", "E7", cells_of(("64120000",)))
    ]
    assert plausibility(c) == found


def test_cents_are_the_reverse(tmp_path: Path, master: Master) -> None:
    c = check(freeform(tmp_path, master, reported=scaled(100)), master)
    found = hits(c, Rule.LOOKS_LIKE_THOUSANDS)
    assert [where(f) for f in found] == [
        (Rule.LOOKS_LIKE_THOUSANDS, E, "kv.xlsx", "Taul1", "E3", KV, 10657100.0, 106571.0)
    ]
    assert "look like cents" in found[0].text()


def test_a_few_genuinely_small_figures_are_not_thousands(tmp_path: Path, master: Master) -> None:
    """64130000's income (budget 53 000) at 20 € so far, 53 € forecast: the result area's
    median is still its costs' (about 1), and the department's too."""
    reported = changed(sample_reported(), "64130000", Line.INCOME, actual=20.0, forecast=53.0)
    assert (
        hits(
            check(freeform(tmp_path, master, reported=reported), master), Rule.LOOKS_LIKE_THOUSANDS
        )
        == []
    )


# ---------------------------------------------------------------------------------------------
# forecast-below-actual


def test_forecast_below_actual_is_the_issues_example(tmp_path: Path, master: Master) -> None:
    reported = changed(sample_reported(), "64110000", Line.COSTS, forecast=-1000000.0)
    c = check(freeform(tmp_path, master, reported=reported), master)
    assert [where(f) for f in plausibility(c)] == [
        (
            Rule.FORECAST_BELOW_ACTUAL,
            W,
            "kv.xlsx",
            "Taul1",
            "G4",
            "64110000",
            -1000000.0,
            -1439849.0,
        )
    ]
    fi = plausibility(c)[0].text("fi").replace("\xa0", " ")  # Finnish, as the default run says
    assert "-1 000 000 on pienempi kuin Toteuma 01-06/2023 -1 439 849" in fi, fi


def test_a_typed_zero_forecast_after_spending_is_below_the_actual(
    tmp_path: Path, master: Master
) -> None:
    reported = changed(sample_reported(), "64110000", Line.COSTS, forecast=0.0)
    c = check(freeform(tmp_path, master, reported=reported), master)
    assert [(f.rule, f.cell) for f in plausibility(c)] == [(Rule.FORECAST_BELOW_ACTUAL, "G4")]


@pytest.mark.parametrize(
    ("code", "line", "values", "other"),
    [
        # income already above the whole year's budget, forecast above the budget too
        ("64140000", Line.INCOME, {"actual": 600000.0, "forecast": 590000.0}, None),
        # credits: costs of the opposite sign are wrong-sign, not a small forecast
        ("64110000", Line.COSTS, {"actual": 1439849.0, "forecast": 1000000.0}, Rule.WRONG_SIGN),
        # a blank forecast is blank-input
        ("64110000", Line.COSTS, {"forecast": BLANK}, Rule.BLANK_INPUT),
        # no budget, no expectation (64150000)
        ("64150000", Line.INCOME, {"actual": 73824.0, "forecast": 50000.0}, None),
    ],
    ids=["ahead-of-budget", "credits", "blank", "no-budget"],
)
def test_forecast_below_actual_leaves_legitimate_lines_alone(
    tmp_path: Path,
    master: Master,
    code: str,
    line: Line,
    values: dict[str, float],
    other: Rule | None,
) -> None:
    blank = {k for k, v in values.items() if v is BLANK}
    reported = changed(
        sample_reported(), code, line, **{k: v for k, v in values.items() if k not in blank}
    )
    drift = Drift(overrides={(code, line, Column(k)): None for k in blank})
    c = check(freeform(tmp_path, master, drift, reported=reported), master)
    assert hits(c, Rule.FORECAST_BELOW_ACTUAL) == []
    if other is not None:
        assert {f.code for f in hits(c, other)} == {code}


# ---------------------------------------------------------------------------------------------
# implausible-pace


@pytest.mark.parametrize(
    ("actual", "percent"),
    [(-6978980.0, 419), (-69790.0, 4)],
    ids=["a-digit-too-many", "a-digit-too-few"],
)
def test_implausible_pace(tmp_path: Path, master: Master, actual: float, percent: int) -> None:
    reported = changed(sample_reported(), "64120000", Line.COSTS, actual=actual)
    c = check(freeform(tmp_path, master, reported=reported), master)
    found = hits(c, Rule.IMPLAUSIBLE_PACE)
    assert [where(f) for f in found] == [
        (Rule.IMPLAUSIBLE_PACE, W, "kv.xlsx", "Taul1", "E8", "64120000", actual, -832983.5)
    ]
    assert f"is {percent} % of the budget -1,665,967 after 50 % of the year" in found[0].text()
    assert "-1\u00a0665\u00a0967" in found[0].text("fi")
    assert "plausible: 10–150 %" in found[0].text()


def test_pace_only_for_a_material_budget(tmp_path: Path, master: Master, master_copy: Path) -> None:
    """64130000's income budget is 53 000: material at the default 50 000, not at 60 000."""
    reported = changed(sample_reported(), "64130000", Line.INCOME, actual=1970.0)
    path = freeform(tmp_path, master, reported=reported)
    assert [f.cell for f in hits(check(path, master), Rule.IMPLAUSIBLE_PACE)] == ["E11"]
    toml = master_copy / "master.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("materiality = 50000", "materiality = 60000"),
        encoding="utf-8",
    )
    assert hits(check(path, load_master(master_copy)), Rule.IMPLAUSIBLE_PACE) == []


def test_pace_thresholds_are_settings(master_copy: Path) -> None:
    """The seed's 64320000 income is 140 % of its budget at mid-year (2.8 times the elapsed
    share): inside the default pace_high of 3, outside a stricter 2."""
    toml = master_copy / "master.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("pace_high = 3.0", "pace_high = 2.0"),
        encoding="utf-8",
    )
    strict = load_master(master_copy)
    assert strict.settings.pace_high == 2.0
    found = hits(check(INPUTS, strict), Rule.IMPLAUSIBLE_PACE)
    assert [(f.code, f.line_label, f.cell) for f in found] == [
        ("64320000", "TOIMINTATUOTOT", "E11")
    ]


# ---------------------------------------------------------------------------------------------
# forecast-copies-actual


def _copied(codes: tuple[str, ...] | None = None) -> Reported:
    reported = sample_reported()
    for (code, _line), values in reported.items():
        if codes is None or code in codes:
            values[Column.FORECAST] = values[Column.ACTUAL]
    return reported


def test_forecast_copies_actual_in_every_block_is_one_note(tmp_path: Path, master: Master) -> None:
    c = check(freeform(tmp_path, master, reported=_copied()), master)
    found = hits(c, Rule.FORECAST_COPIES_ACTUAL)
    assert [(f.severity, f.code, f.cell) for f in found] == [(N, KV, "G3")]
    assert found[0].cells == tuple(f"G{LEAF_ROWS[code] + i}" for code in LEAF_ROWS for i in (0, 1))


def test_forecast_copies_actual_in_one_block(tmp_path: Path, master: Master) -> None:
    c = check(freeform(tmp_path, master, reported=_copied(("64130000",))), master)
    assert [(f.code, f.cells) for f in hits(c, Rule.FORECAST_COPIES_ACTUAL)] == [
        ("64130000", ("G11", "G12"))
    ]


def test_no_copy_note_at_the_years_end(tmp_path: Path, master: Master, master_copy: Path) -> None:
    toml = master_copy / "master.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("last_month = 6", "last_month = 12"),
        encoding="utf-8",
    )
    path = freeform(tmp_path, master, reported=_copied())
    assert hits(check(path, load_master(master_copy)), Rule.FORECAST_COPIES_ACTUAL) == []


# ---------------------------------------------------------------------------------------------
# settings


@pytest.mark.parametrize(
    ("setting", "problem"),
    [
        ("pace_low = 1.5", "pace_low must be below 1"),
        ("pace_high = 0.5", "pace_high above 1"),
        ("unit_band = 1", "unit_band must be above 1"),
        ('unit_band = "five"', "unit_band: must be a positive number"),
    ],
)
def test_invalid_rules_settings_name_the_file(
    master_copy: Path, setting: str, problem: str
) -> None:
    toml = master_copy / "master.toml"
    key = setting.split(" = ")[0]
    lines = [ln for ln in toml.read_text(encoding="utf-8").splitlines() if not ln.startswith(key)]
    toml.write_text("\n".join([*lines, setting, ""]), encoding="utf-8")
    with pytest.raises(MasterError) as exc:
        load_master(master_copy)
    assert "master.toml" in str(exc.value) and problem in str(exc.value)


def test_rules_defaults(master: Master) -> None:
    s = master.settings
    assert (s.pace_low, s.pace_high, s.unit_band, s.materiality) == (0.2, 3.0, 5.0, 50000.0)
