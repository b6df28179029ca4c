"""Cell formats, defined once as dicts and created once per workbook.

Number formats carry the run's locale tag (i18n.locale_tag(): [$-40B] Finnish, [$-81D] Swedish
in Finland, [$-809] English (UK)): Excel in Finland shows "1 234 567" and "27,5" anyway; the
tag makes LibreOffice (and so the PDF and PNG renderings) do the same on a machine with another
locale. SPECS are written with the Finnish tag; `make_formats` swaps in the run's. The font
is Arial: on every Office installation, and metrically identical to LibreOffice's Liberation
Sans, so the printed pages look the same everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..i18n import current, locale_tag

LANGUAGE_TAGS = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}
FI = "[$-40B]"  # Finnish (fi-FI) as a number-format locale tag
EUROS = f"{FI}#,##0;{FI}-#,##0;0"
THOUSANDS = EUROS  # summary cells hold thousands already (a /1000 formula)
CHANGE = f"{FI}+#,##0;{FI}-#,##0;0"  # a change, its sign always shown
PERCENT = f"{FI}0\\ %"
INTEGER = f"{FI}#,##0"
DECIMAL = f"{FI}#,##0.0##"
FONT = {"font_name": "Arial", "font_size": 10}

# Status colours: the red and amber of Excel's built-in highlight styles.
RED_FILL, RED_TEXT = "#FFC7CE", "#9C0006"
AMBER_FILL, AMBER_TEXT = "#FFEB9C", "#9C5700"

SPECS: dict[str, dict[str, Any]] = {
    "plain": {"valign": "top"},
    "title": {"bold": True, "font_size": 14},
    "subtitle": {"italic": True, "font_color": "#444444"},
    "legend": {"italic": True, "font_color": "#444444", "font_size": 9},
    "header": {
        "bold": True,
        "bg_color": "#DCE6F1",
        "border": 1,
        "text_wrap": True,
        "align": "center",
        "valign": "vcenter",
    },
    "header_left": {
        "bold": True,
        "bg_color": "#DCE6F1",
        "border": 1,
        "text_wrap": True,
        "valign": "vcenter",
    },
    "block": {"bold": True, "top": 1},
    "block_fill": {"top": 1},
    "label": {"indent": 1},
    "euros": {"num_format": EUROS},
    "euros_bold": {"num_format": EUROS, "bold": True},
    # a forecast carried from the previous report for a department that has not returned
    "euros_carried": {"num_format": EUROS, "italic": True},
    "euros_bold_carried": {"num_format": EUROS, "bold": True, "italic": True},
    "carried_note": {"italic": True, "align": "right", "top": 1, "font_color": "#444444"},
    "change_text": {"align": "right"},
    "euros_top": {"num_format": EUROS, "valign": "top"},
    "euros_top_carried": {"num_format": EUROS, "valign": "top", "italic": True},
    "euros_top_bold": {"num_format": EUROS, "valign": "top", "bold": True},
    "change": {"num_format": CHANGE},
    "change_top": {"num_format": CHANGE, "valign": "top"},
    "change_bold": {"num_format": CHANGE, "bold": True},
    "pct": {"num_format": PERCENT, "align": "right"},
    "pct_bold": {"num_format": PERCENT, "align": "right", "bold": True},
    "pct_top": {"num_format": PERCENT, "align": "right", "valign": "top"},
    "label_bold": {"bold": True, "indent": 1},
    "keur": {"num_format": THOUSANDS},
    "keur_bold": {"num_format": THOUSANDS, "bold": True, "top": 1},
    "text": {"text_wrap": True, "valign": "top"},
    "text_bold": {"bold": True, "text_wrap": True, "valign": "top"},
    # a text beside a column of figures: indented, so it does not touch the figures
    "text_beside": {"text_wrap": True, "valign": "top", "indent": 1},
    "note_beside": {"font_color": "#444444", "valign": "top", "text_wrap": True, "indent": 1},
    "heading": {"bold": True, "font_size": 11},
    # A line of a text broken into rows (Sheet.lines): never wrapped, so it runs over the
    # empty cells to its right
    "line": {"valign": "top"},
    "line_bold": {"bold": True, "valign": "top"},
    "link": {"font_color": "#1F4E79", "underline": 1, "valign": "top"},
    "banner": {
        "bold": True,
        "font_color": "#FFFFFF",
        "bg_color": "#C00000",
        "font_size": 12,
        "valign": "vcenter",
        "indent": 1,
    },
    "ok_banner": {
        "bold": True,
        "font_color": "#FFFFFF",
        "bg_color": "#2E7D32",
        "font_size": 12,
        "valign": "vcenter",
        "indent": 1,
    },
    "error": {"font_color": "#C00000", "bold": True, "valign": "top"},
    "warning": {"font_color": "#9C5700", "bold": True, "valign": "top"},
    "note": {"font_color": "#444444", "valign": "top"},
    "error_wrap": {"font_color": "#C00000", "bold": True, "valign": "top", "text_wrap": True},
    "note_wrap": {"font_color": "#444444", "valign": "top", "text_wrap": True},
    "no_value": {"align": "center", "valign": "top"},
    "status": {"bold": True, "align": "center"},
    "status_top": {"bold": True, "align": "center", "valign": "top"},
    "int": {"num_format": INTEGER, "valign": "top"},
    "int_padded": {"num_format": INTEGER, "valign": "top", "align": "right", "indent": 1},
    "dec": {"num_format": DECIMAL, "valign": "top"},
    "count": {"num_format": INTEGER, "align": "center", "valign": "vcenter", "border": 1},
    "count_bold": {
        "num_format": INTEGER,
        "align": "center",
        "valign": "vcenter",
        "border": 1,
        "bold": True,
    },
    "cell": {"text_wrap": True, "valign": "top", "border": 1, "border_color": "#BFBFBF"},
    "cell_center": {
        "text_wrap": True,
        "valign": "top",
        "align": "center",
        "border": 1,
        "border_color": "#BFBFBF",
    },
    "cell_bold": {
        "bold": True,
        "text_wrap": True,
        "valign": "top",
        "border": 1,
        "border_color": "#BFBFBF",
    },
    # The KPI sheet: block titles (a department's larger, a line above it across the table),
    # names, group lines, and values right-aligned with an indent, numbers and texts alike.
    "kpi_department": {"text_wrap": True, "valign": "bottom", "top": 1},
    "kpi_department_fill": {"top": 1},
    "department_run": {"bold": True, "font_size": 11},
    "bold_run": {"bold": True},
    "plain_run": {},
    "kpi_block": {"text_wrap": True, "valign": "bottom"},
    "kpi_group": {"italic": True, "text_wrap": True, "valign": "top"},
    "kpi_name": {"text_wrap": True, "valign": "top", "border": 1, "border_color": "#BFBFBF"},
    "kpi_name_indented": {
        "text_wrap": True,
        "align": "left",
        "valign": "top",
        "indent": 1,
        "border": 1,
        "border_color": "#BFBFBF",
    },
    "kpi_int": {
        "num_format": INTEGER,
        "align": "right",
        "indent": 1,
        "valign": "top",
        "border": 1,
        "border_color": "#BFBFBF",
    },
    "kpi_dec": {
        "num_format": DECIMAL,
        "align": "right",
        "indent": 1,
        "valign": "top",
        "border": 1,
        "border_color": "#BFBFBF",
    },
    "kpi_text": {
        "text_wrap": True,
        "align": "right",
        "indent": 1,
        "valign": "top",
        "border": 1,
        "border_color": "#BFBFBF",
    },
    # Columns right of the printed area: one line each, so they never make a row taller.
    "helper": {"valign": "top", "border": 1, "border_color": "#BFBFBF"},
    # The investments sheet's project rows: at the top of a row a long explanation makes taller.
    "label_top": {"indent": 1, "valign": "top", "text_wrap": True},
    "helper_euros": {"num_format": EUROS, "valign": "top", "border": 1, "border_color": "#BFBFBF"},
    "matrix_label": {"border": 1, "indent": 1, "text_wrap": True, "valign": "vcenter"},
    "matrix_goal": {
        "border": 1,
        "bold": True,
        "bg_color": "#F2F2F2",
        "text_wrap": True,
        "valign": "top",
    },
    "count_goal": {
        "num_format": INTEGER,
        "align": "center",
        "valign": "vcenter",
        "border": 1,
        "bold": True,
        "bg_color": "#F2F2F2",
    },
    # A strategy table's title (11 points, a line above it across the table), its SDG line.
    "group": {"bold": True, "font_size": 11, "top": 1, "valign": "bottom"},
    "group_more": {"bold": True, "font_size": 11, "valign": "bottom"},
    "group_fill": {"top": 1},
    "sdg_line": {"italic": True, "font_color": "#444444", "valign": "top"},
    "swatch_overrun": {
        "bg_color": RED_FILL,
        "font_color": RED_TEXT,
        "bold": True,
        "align": "center",
    },
    "swatch_pace": {
        "bg_color": AMBER_FILL,
        "font_color": AMBER_TEXT,
        "bold": True,
        "align": "center",
    },
    # Conditional-format (differential) styles: fill and font colour only.
    "cf_overrun": {"bg_color": RED_FILL, "font_color": RED_TEXT},
    "cf_pace": {"bg_color": AMBER_FILL, "font_color": AMBER_TEXT},
}

# Traffic lights of the strategy statuses (fill, text), used by conditional formats.
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "Toteutunut": ("#C6EFCE", "#006100"),
    "Etenee": ("#E2EFDA", "#375623"),
    "Jatkuva": ("#DDEBF7", "#1F4E79"),
    "Viivästynyt": (RED_FILL, RED_TEXT),
    "Ei käynnistynyt": (AMBER_FILL, AMBER_TEXT),
    "Ei raportoitu": ("#E7E6E6", "#404040"),
}


def document_language(lang: str | None = None) -> str:
    """The workbook's language tag (BCP 47) for the run's primary language: fi-FI, sv-FI, en-GB."""
    return LANGUAGE_TAGS[lang or current().primary]


def localized(num_format: str) -> str:
    """A number format written with the Finnish tag, in the run's locale."""
    return num_format.replace(FI, locale_tag())


def _localized_spec(spec: dict[str, Any]) -> dict[str, Any]:
    if "num_format" in spec:
        return {**spec, "num_format": localized(spec["num_format"])}
    return spec


def font_format(workbook: Any, *parts: Mapping[str, object]) -> Any:
    """A format of the report's font with the parts' properties, later ones winning (the
    templates' and the master workbook's formats are built so)."""
    spec: dict[str, object] = dict(FONT)
    for part in parts:
        spec.update(part)
    return workbook.add_format(spec)


def make_formats(workbook: Any) -> dict[str, Any]:
    """The formats of SPECS (and the statuses' colours) in a workbook, numbers in the run's
    locale."""
    formats = {
        name: workbook.add_format(
            _localized_spec(spec if name.startswith("cf_") else {**FONT, **spec})
        )
        for name, spec in SPECS.items()
    }
    for status, (fill, text) in STATUS_COLOURS.items():
        formats[f"cf_{status}"] = workbook.add_format({"bg_color": fill, "font_color": text})
        formats[f"swatch_{status}"] = workbook.add_format(
            {**FONT, "bg_color": fill, "font_color": text, "bold": True, "align": "center"}
        )
    number_cell_formats(formats)
    return formats


def number_cell_formats(formats: Mapping[str, Any]) -> None:
    """Give every cell format its style number (xf index) now, in the formats' order.

    XlsxWriter numbers a format when a sheet that uses it is written, in the order the sheets
    first use formats. The department sheets are written by another process (xlsx/ahead.py)
    while the others are still being built: a number given there would be lost, so every
    number is given before. A cell shows the same either way: its number points at the same
    format's entry in the styles (the conditional formats' "cf_" styles are numbered apart,
    as differential formats, where a sheet defines the rule). The styles also list the few
    formats this report does not use."""
    for name, cell_format in formats.items():
        if not name.startswith("cf_"):
            cell_format._get_xf_index()
