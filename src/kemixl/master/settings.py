"""master.toml: the report period and settings.

Read as UTF-8 (a byte-order mark, as Notepad or Excel may write, is allowed) or else
Windows-1252, like the CSV files; every problem is one `master.toml:line` message.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from ..findings import MessageError
from ..i18n.catalog import LanguageError, parse_language
from ..i18n.message import Msg, msg
from ..model import DEFAULT_LIMITS, Limits, Period, Settings
from .files import FileProblem, decode, read_bytes
from .fingerprint import content_hash
from .problems import Problems


@dataclass(frozen=True)
class LoadedSettings:
    period: Period
    settings: Settings
    content: str  # hash of the parsed TOML data


class SettingError(MessageError, ValueError):
    """A setting of master.toml with a value kemixl cannot use (the message says which)."""


def _limits(table: dict[str, object]) -> Limits:
    """[limits]: how much of a submission is read; every value must be a positive number."""
    known = {f.name: f.type for f in fields(Limits)}
    values: dict[str, float | int] = {}
    for key, value in table.items():
        if key not in known:
            raise SettingError(
                msg("[limits] {key}: unknown (known: {known})", key=key, known=", ".join(known))
            )
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise SettingError(msg("[limits] {key}: must be a positive number", key=key))
        values[key] = value if known[key] == "float" else int(value)
    return replace(DEFAULT_LIMITS, **values)  # type: ignore[arg-type]


def _plausibility(rules: dict[str, object]) -> dict[str, float]:
    """[rules] pace_low < 1 < pace_high and unit_band > 1 (defaults in model.Settings)."""
    defaults = Settings("", "", "", "")
    values: dict[str, float] = {}
    for key in ("pace_low", "pace_high", "unit_band"):
        value = rules.get(key, getattr(defaults, key))
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise SettingError(msg("[rules] {key}: must be a positive number", key=key))
        values[key] = float(value)
    if not values["pace_low"] < 1 < values["pace_high"]:
        raise SettingError(msg("[rules] pace_low must be below 1 and pace_high above 1"))
    if values["unit_band"] <= 1:
        raise SettingError(msg("[rules] unit_band must be above 1"))
    return values


def _language(value: object) -> str:
    """[report] language: fi, sv, en, or a bilingual pair such as fi+sv."""
    try:
        return parse_language(str(value)).code
    except LanguageError:
        raise SettingError(
            msg("[report] language {value!r}: use fi, sv, en or a pair such as fi+sv", value=value)
        ) from None


def language_of(master: Path) -> str | None:
    """The language master.toml in a master folder asks for, read cheaply (only that file);
    None when there is none or it cannot be read (loading the master reports why)."""
    data = parse_toml(master / "master.toml", Problems()) if master.is_dir() else None
    report = data.get("report") if data else None
    try:
        return _language(report.get("language", "fi")) if isinstance(report, dict) else None
    except ValueError:
        return None


def parse_toml(path: Path, problems: Problems) -> dict[str, Any] | None:
    """master.toml's data; None (and one problem) if it cannot be read or parsed."""
    try:
        text = decode(read_bytes(path)).text
    except FileProblem as exc:
        problems.add(path, exc.line, exc.message)
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        problems.add(path, int(m.group(1)) if m else 0, msg("not valid TOML: {exc}", exc=exc))
        return None


def limits_of(folder: Path, name: str) -> Limits | None:
    """The [limits] of a master folder's settings file, read on their own before the rest of
    the master data (so that reading the submissions can start); None where they cannot be
    told so: no such folder or file, or a problem that loading the master data reports."""
    if not folder.is_dir():
        return None
    problems = Problems()
    data = parse_toml(folder / name, problems)
    table = data.get("limits", {}) if data is not None else None
    if problems or not isinstance(table, dict):
        return None
    try:
        return _limits(table)
    except SettingError:
        return None


def settings_from_data(
    data: dict[str, Any], where: str, problems: Problems
) -> LoadedSettings | None:
    """The period and settings from master.toml's data (or the master workbook's settings)."""
    try:
        p, r = data["period"], data["report"]
        period = Period(int(p["year"]), int(p.get("first_month", 1)), int(p["last_month"]))
        rules = data.get("rules", {})
        plausible = _plausibility(rules)
        settings = Settings(
            city=str(r["city"]),
            title=str(r["title"]),
            deadline=str(r.get("deadline", "")),
            contact=str(r.get("contact", "")),
            pace_margin=float(rules.get("pace_margin", 0.05)),
            materiality=float(rules.get("materiality", 50000)),
            limits=_limits(data.get("limits", {})),
            pace_low=plausible["pace_low"],
            pace_high=plausible["pace_high"],
            unit_band=plausible["unit_band"],
            language=_language(r.get("language", "fi")),
            city_sv=str(r.get("city_sv", "")),
            city_en=str(r.get("city_en", "")),
            title_sv=str(r.get("title_sv", "")),
            title_en=str(r.get("title_en", "")),
        )
    except SettingError as exc:
        problems.add(where, 0, _invalid(exc.message))
        return None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        problems.add(where, 0, _invalid(str(exc)))
        return None
    if not 1 <= period.first_month <= period.last_month <= 12:
        problems.add(
            where, 0, msg("period months must satisfy 1 <= first_month <= last_month <= 12")
        )
    return LoadedSettings(period, settings, content_hash(data))


_TABLE = re.compile(r"^\s*\[\s*([^\[\]\s]+)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def toml_line(text: str, section: str, key: str) -> int:
    """The line (1-based) of master.toml's text that sets `[section] key` (with key "", the
    section's header); 0 when none does (a problem then names the file alone)."""
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if m := _TABLE.match(line):
            current = m.group(1)
            if current == section and not key:
                return number
        elif current == section and (m := _KEY.match(line)) and m.group(1) == key:
            return number
    return 0


def setting_line(path: Path, section: str, key: str) -> int:
    """toml_line of a master.toml file (0 when it cannot be read: loading says why)."""
    try:
        return toml_line(decode(read_bytes(path)).text, section, key)
    except FileProblem:
        return 0


def _invalid(setting: Msg | str) -> Msg:
    return msg("missing or invalid setting {setting}", setting=setting)
