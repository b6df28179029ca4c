"""kemixl: department workbooks in, the council's interim report out."""

__version__ = "0.1.0"
