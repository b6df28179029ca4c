"""The .xlsx file format at kemixl's edges: defended reading of untrusted workbooks
(`safe`: bytes, zip and size checks; `read`: cells and formula flags within limits; `cells`:
raw cells and A1 references) and fast writing (`fast`: XlsxWriter without per-formula
rewriting)."""
