"""Cell formats, defined once as dicts and created once per workbook."""

from __future__ import annotations

from typing import Any

EUROS = "#,##0;-#,##0;0"
THOUSANDS = "#,##0;-#,##0;0"  # summary cells hold thousands already (a /1000 formula)
PERCENT = "0\\ %"
FONT = {"font_name": "Calibri", "font_size": 10}

SPECS: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 14},
    "subtitle": {"italic": True, "font_color": "#444444"},
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
    "pct": {"num_format": PERCENT, "align": "right"},
    "pct_bold": {"num_format": PERCENT, "align": "right", "bold": True},
    "label_bold": {"bold": True, "indent": 1},
    "keur": {"num_format": THOUSANDS},
    "keur_bold": {"num_format": THOUSANDS, "bold": True, "top": 1},
    "text": {"text_wrap": True, "valign": "top"},
    "text_bold": {"bold": True, "text_wrap": True, "valign": "top"},
    "link": {"font_color": "#1F4E79", "underline": 1},
    "banner": {"bold": True, "font_color": "#FFFFFF", "bg_color": "#C00000", "font_size": 12},
    "ok_banner": {"bold": True, "font_color": "#FFFFFF", "bg_color": "#2E7D32", "font_size": 12},
    "error": {"font_color": "#C00000", "bold": True},
    "warning": {"font_color": "#9C5700", "bold": True},
    "note": {"font_color": "#444444"},
    "status": {"bold": True, "align": "center"},
    "int": {"num_format": "#,##0"},
    "dec": {"num_format": "#,##0.0##"},
}


def make_formats(workbook: Any) -> dict[str, Any]:
    return {name: workbook.add_format({**FONT, **spec}) for name, spec in SPECS.items()}
