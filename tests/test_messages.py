"""Findings, master-data problems and errors in Finnish (the default), Swedish and English.

Every message is a Msg rendered when it is shown, in the reader's language: these tests assert
what must not change between languages (rule ids, cells, cost-centre codes, figures) and that
the words are the language's own — no English left in Finnish or Swedish output.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kemixl.findings import Finding, Rule, Severity, rule_description, rule_name
from kemixl.i18n import Amount, Msg, format_amount, using
from kemixl.i18n.maintain import load
from kemixl.master import MasterError, load_master
from kemixl.model import Column, Line, Master
from kemixl.pipeline import UsageError, check, collect

from .builders import Drift
from .conftest import INPUTS
from .test_rules import freeform, hits

LANGS = ("fi", "sv", "en")

# Common English words that are not Finnish or Swedish words: none may be left in fi/sv output.
ENGLISH = frozenset(
    re.findall(
        r"\w+",
        """the is not and of file sheet missing should cannot workbook column columns must has have
    which with from found read written folder forecast cells type delete fill values figures
    template ledger account cost centre there this that are was or to at its for an one every
    year months actual revenue expenses margin result areas differs says use give save open again
    than more less only would could been does""",
    )
)

LINE_WORDS = {
    "fi": ("TOIMINTATUOTOT", "TOIMINTAKULUT", "TOIMINTAKATE"),
    "sv": ("VERKSAMHETSINTÄKTER", "VERKSAMHETSKOSTNADER", "VERKSAMHETSBIDRAG"),
    "en": ("OPERATING REVENUE", "OPERATING EXPENSES", "OPERATING MARGIN"),
}


def english_words(text: str) -> set[str]:
    """The English words of a text, leaving out what is no language: quoted data, {fields},
    [sections] with their keys, file names, paths, sheet!cell references, options, codes."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"|\{[^}]*\}|\[\w+\](\s+\w+)?|`[^`]*`", " ", text)
    found = set()
    for token in text.split():
        token = token.strip(",;:()?…")
        if not token or token.startswith("-") or re.search(r"[./_!:\\@~$]", token):
            continue
        found |= {w.lower() for w in re.findall(r"[^\W\d_]+", token)} & ENGLISH
    return found


def number(value: float, lang: str) -> str:
    return format_amount(value, lang)


# ---------------------------------------------------------------------------------------------
# rule descriptions


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_is_described_in_every_language(lang: str) -> None:
    texts = {rule: rule_description(rule, lang) for rule in Rule}
    assert all(t.strip() and t.endswith(".") for t in texts.values())
    assert len(set(texts.values())) == len(Rule)  # no two rules explained alike
    if lang != "en":
        assert all(t != rule_description(r, "en") for r, t in texts.items())


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_is_named_in_every_language(lang: str) -> None:
    """The findings sheet names each rule in the report's language (the id stays beside it)."""
    names = {rule: rule_name(rule, lang) for rule in Rule}
    assert all(n.strip() and n != rule.value for rule, n in names.items())
    assert len(set(names.values())) == len(Rule)  # no two rules named alike
    if lang != "en":
        assert all(n != rule_name(r, "en") for r, n in names.items())


def test_rule_descriptions_read_in_finnish_as_before() -> None:
    """The council's findings sheet explains each rule in the words it always had."""
    assert rule_description(Rule.SUM_MISMATCH, "fi") == (
        "Summa tai toimintakate ei täsmää pyöristystarkkuudella."
    )
    assert rule_description(Rule.NAME_MISMATCH) == (  # Finnish by default
        "Kustannuspaikan nimi poikkeaa perustiedoista; koodi ratkaisee."
    )
    with using("sv"):
        assert rule_description(Rule.SUM_MISMATCH).startswith("En summa")


# ---------------------------------------------------------------------------------------------
# findings


@pytest.fixture(scope="module")
def wrong_sign(tmp_path_factory: pytest.TempPathFactory, master: Master) -> Finding:
    drift = Drift(overrides={("64110000", Line.COSTS, Column.ACTUAL): 1439849.0})
    path = freeform(tmp_path_factory.mktemp("sign"), master, drift)
    (f,) = hits(check(path, master), Rule.WRONG_SIGN)
    return f


@pytest.mark.parametrize("lang", LANGS)
def test_a_finding_says_the_same_in_every_language(
    lang: str, wrong_sign: Finding, master: Master
) -> None:
    f = wrong_sign
    assert (f.rule, f.file, f.sheet, f.cell, f.code) == (
        Rule.WRONG_SIGN,
        "kv.xlsx",
        "Taul1",
        "E4",
        "64110000",
    )
    budget = master.master_amount("64110000", Line.COSTS, Column.TA_AMENDED)
    text = f.text(lang)
    assert text.startswith(f"{LINE_WORDS[lang][1]} ")  # the line label in the language
    assert number(1439849, lang) in text and number(budget, lang) in text
    line = f.line(lang)  # place, severity and rule id stay identifiers
    severity = {"fi": "virhe", "sv": "fel", "en": "error"}[lang]
    assert line == f"kv.xlsx:Taul1!E4: {severity} [64110000]: {text} (wrong-sign)"


@pytest.mark.parametrize(
    ("lang", "title"), [("fi", "TP 2022"), ("sv", "BS 2022"), ("en", "Accounts 2022")]
)
def test_column_titles_in_findings_are_the_languages(
    tmp_path: Path, master: Master, lang: str, title: str
) -> None:
    drift = Drift(overrides={("64120000", Line.INCOME, Column.TP_PREV): 1.0})
    (f,) = hits(check(freeform(tmp_path, master, drift), master), Rule.MASTER_MISMATCH)
    expected = master.master_amount("64120000", Line.INCOME, Column.TP_PREV)
    assert f.code == "64120000" and f.line_label == "TOIMINTATUOTOT" and f.column_key == "tp_prev"
    text = f.text(lang)
    assert f"{LINE_WORDS[lang][0]} {title} " in text
    assert number(expected, lang) in text


def test_findings_speak_finnish_by_default(wrong_sign: Finding) -> None:
    assert wrong_sign.text() == wrong_sign.text("fi") != wrong_sign.text("en")
    with using("sv"):
        assert wrong_sign.text() == wrong_sign.text("sv")
    with using("fi+sv"):  # running text in the primary language
        assert wrong_sign.text() == wrong_sign.text("fi")


@pytest.mark.parametrize("lang", LANGS)
def test_a_sum_error_names_its_lines_in_the_language(
    tmp_path: Path, master: Master, lang: str
) -> None:
    drift = Drift(overrides={("64110000", Line.MARGIN, Column.ACTUAL): 5.0})
    found = hits(check(freeform(tmp_path, master, drift), master), Rule.SUM_MISMATCH)
    f = next(f for f in found if f.code == "64110000" and f.column_key == "actual")
    margin, income, costs = (LINE_WORDS[lang][i] for i in (2, 0, 1))
    assert f.text(lang).startswith(f"{margin} {number(5, lang)} ")
    assert f" {income} + {costs} = " in f.text(lang)


# ---------------------------------------------------------------------------------------------
# master data and usage errors


def _broken_master(master_copy: Path) -> MasterError:
    path = master_copy / "costcentres.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[2]]) + "\n", encoding="utf-8")  # a code twice
    with pytest.raises(MasterError) as err:
        load_master(master_copy)
    return err.value


@pytest.mark.parametrize(
    ("lang", "says"),
    [("fi", "on kahdesti"), ("sv", "förekommer två gånger"), ("en", "duplicate code")],
)
def test_master_problems_are_rendered_in_the_run_language(
    master_copy: Path, lang: str, says: str
) -> None:
    """The master is read before its language is known: its problems are rendered when shown."""
    err = _broken_master(master_copy)
    (p,) = err.problems
    path = master_copy / "costcentres.csv"
    code = path.read_text(encoding="utf-8").splitlines()[2].split(",")[0]
    lines = len(path.read_text(encoding="utf-8").splitlines())
    with using(lang):
        shown = str(p)
    assert shown.startswith(f"{path}:{lines}: ") and code in shown and says in shown
    assert p.text(lang) == shown


@pytest.mark.parametrize(
    ("lang", "says"),
    [("fi", "tiedostoa tai kansiota ei ole"), ("sv", "finns inte"), ("en", "no such file")],
)
def test_usage_errors_are_rendered_in_the_run_language(
    tmp_path: Path, lang: str, says: str
) -> None:
    missing = tmp_path / "ei-ole"
    with pytest.raises(UsageError) as err:
        collect(missing)
    assert err.value.text(lang) == f"{missing}: {says}" or says in err.value.text(lang)
    assert err.value.text(lang).startswith(f"{missing}: ")
    with using(lang):
        assert str(err.value) == err.value.text(lang)


# ---------------------------------------------------------------------------------------------
# no English in Finnish or Swedish


def test_the_leak_check_sees_english(wrong_sign: Finding) -> None:
    assert english_words(wrong_sign.text("en")) >= {"has", "the", "as"} & ENGLISH
    assert english_words("kv.xlsx: the 'data is' [ledger] sheet {file}") == {"the"}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_no_catalog_message_leaks_english(lang: str) -> None:
    """Every translation in the Finnish and Swedish catalogs, whichever code shows it."""
    leaks = {
        m.id if isinstance(m.id, str) else m.id[0]: found
        for m in load(lang)
        if m.id and (found := english_words(m.string if isinstance(m.string, str) else ""))
    }
    assert leaks == {}


@pytest.fixture(scope="module")
def many_findings(tmp_path_factory: pytest.TempPathFactory, master: Master) -> list[Finding]:
    """Findings of many rules: the sample folder and free-form workbooks gone wrong."""
    folder = tmp_path_factory.mktemp("many")
    drifts = [
        Drift(extra_blocks=["64210000"], names={"64110000": "Joku muu nimi"}),
        Drift(overrides={("64110000", Line.COSTS, Column.ACTUAL): "106,571"}),
        Drift(overrides={("64110000", Line.COSTS, Column.FORECAST): "=A1+B2"}),
        Drift(overrides={("64110000", Line.MARGIN, Column.FORECAST): 7.0}),
        Drift(omit={("64120000", Line.INCOME)}, columns=["tp_prev", "ta", "ta_amended", "actual"]),
        Drift(overrides={("64110000", Line.COSTS, Column.ACTUAL): 1439849.0}),
        Drift(overrides={("64120000", Line.INCOME, Column.TP_PREV): 1.0}),
    ]
    found = list(check(INPUTS, master).findings)
    for i, drift in enumerate(drifts):
        found += check(freeform(folder / str(i), master, drift), master).findings
    (folder / "vanha.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    (folder / "rikki.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    found += check(folder, master).findings
    return found


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_no_finding_leaks_english(lang: str, many_findings: list[Finding]) -> None:
    rules = {f.rule for f in many_findings}
    assert len(rules) >= 10 and any(f.severity is Severity.ERROR for f in many_findings)
    leaks = {f.text("en"): english_words(f.text(lang)) for f in many_findings}
    assert {text: words for text, words in leaks.items() if words} == {}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_no_master_problem_leaks_english(master_copy: Path, lang: str) -> None:
    err = _broken_master(master_copy)
    for p in err.problems:
        assert english_words(p.text(lang).split(": ", 1)[1]) == set()


# Where a message id is not a literal, it must come from a constant marked with N_ (or be
# kemixl's own plumbing): Babel extracts only literals, and an id it never saw is never translated.
PLUMBING = {
    ("findings.py", "pattern"),
    ("files.py", "message"),
    ("safe.py", "template"),
    ("book.py", "message"),  # the master workbook's titles: terms.MASTER_FIELDS looked up
    ("workbook.py", "message"),
}


def test_every_message_id_is_a_literal_or_a_marked_constant() -> None:
    src = Path(__file__).resolve().parent.parent / "src" / "kemixl"
    unmarked = []
    for path in sorted(src.rglob("*.py")):
        if path.parent.name == "i18n" and path.name == "message.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("msg", "pmsg", "Msg", "plural")
                and node.args
            ):
                continue
            first = node.args[0]
            while isinstance(first, ast.Subscript | ast.Attribute):
                first = first.value
            ok = (isinstance(first, ast.Constant) and isinstance(first.value, str)) or (
                isinstance(first, ast.Name)
                and (
                    first.id.isupper() or (path.name, first.id) in PLUMBING or first.id == "reason"
                )
            )
            if not ok:
                unmarked.append(f"{path.relative_to(src)}:{node.lineno}")
    assert unmarked == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fi", "1 virhe, 2 varoitusta, 0 huomiota"),
        ("sv", "1 fel, 2 varningar, 0 noteringar"),
        ("en", "1 error, 2 warnings, 0 notes"),
    ],
)
def test_the_count_line_agrees_with_its_numbers(
    lang: str, expected: str, wrong_sign: Finding
) -> None:
    from dataclasses import replace

    from kemixl.findings import summary_line

    warning = replace(wrong_sign, severity=Severity.WARNING)
    found = [wrong_sign, warning, replace(warning, cell="E5")]
    assert summary_line(found, lang) == expected
    with using(lang):
        assert summary_line(found) == expected


def _arguments(message: object) -> list[object]:
    """Every argument of a message, nested messages' included."""
    if isinstance(message, Msg):
        return [a for _, value in message.args for a in (value, *_arguments(value))]
    return []


@pytest.mark.parametrize("lang", LANGS)
def test_every_finding_carries_its_figures_into_every_language(
    lang: str, many_findings: list[Finding]
) -> None:
    """Figures are arguments, written as the language writes them; codes and cells unchanged."""
    amounts = 0
    for f in many_findings:
        text = f.text(lang)
        for arg in _arguments(f.message):
            if isinstance(arg, Amount):
                amounts += 1
                assert format_amount(arg.value, lang) in text, (arg, text)
            elif isinstance(arg, str) and arg.isdigit():
                assert arg in text, (arg, text)
        if f.code and f.rule is not Rule.SUBMITTED:
            assert f.code in f.line(lang)
    assert amounts >= 10


def _append(path: Path, *lines: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write("".join(f"{ln}\n" for ln in lines))


@pytest.fixture
def many_problems(master_copy: Path) -> list[object]:
    """Master data broken in many ways at once: every problem of every file."""
    _append(
        master_copy / "costcentres.csv",
        "64110000,64100000,X,",
        "abc,64100000,Y,",
        "64990001,64999999,Z,",
    )
    _append(
        master_copy / "figures.csv",
        "64110000,TOIMINTATUOTOT,1,2,3",
        "64120000,TULOT,1,2,3",
        "64130000,TOIMINTAKULUT,x,2,3",
        "64140000,TOIMINTAKULUT,480,920,2",
    )
    _append(master_copy / "kpis.csv", "K001,64100000,,Kaksi,1,2", "K999,64999999,,Ei,1,2")
    _append(master_copy / "strategy_sdg.csv", "ELINVOIMAINEN KAUPUNKI,64100000,3 3 99")
    _append(master_copy / "accounts.csv", "9000,8000,ignore,Väärin päin", "1,2,TULOT,x")
    with pytest.raises(MasterError) as err:
        load_master(master_copy)
    return list(err.value.problems)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_no_master_problem_of_any_file_leaks_english(lang: str, many_problems: list) -> None:
    assert len(many_problems) >= 8
    files = {p.file.rsplit("/", 1)[-1] for p in many_problems}
    assert {"costcentres.csv", "figures.csv", "kpis.csv", "accounts.csv"} <= files
    for p in many_problems:
        where = f"{p.file}:{p.line}: " if p.line else f"{p.file}: "
        assert p.text(lang).startswith(where) and p.text("en").startswith(where)
        assert p.text(lang) != p.text("en")
        assert english_words(p.text(lang)[len(where) :]) == set(), p.text(lang)


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("fi", "toimiala 64100000 KESKUSVIRASTO palautti työkirjansa"),
        ("sv", "sektorn 64100000 KESKUSVIRASTO lämnade in sin arbetsbok"),
    ],
)
def test_the_report_writes_findings_in_its_language(tmp_path: Path, lang: str, says: str) -> None:
    """The council's workbook carries each finding's message in the report's language."""
    from openpyxl import load_workbook

    from kemixl.pipeline import consolidate

    from .conftest import TEMPLATES

    out = tmp_path / "r.xlsx"
    consolidate(INPUTS, TEMPLATES, out, language=lang)
    texts = [
        str(c.value)
        for ws in load_workbook(out, read_only=True).worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    assert any(says in t for t in texts)
