"""The consolidated workbook for the council (XlsxWriter), one module per part."""

from .build import write_report

__all__ = ["write_report"]
