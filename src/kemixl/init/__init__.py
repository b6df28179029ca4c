"""`kemixl init`: a new city's master data from the budget it already has.

A budget export (CSV or .xlsx: one row per cost centre, or per cost centre and account, with
the department and result area beside it, and the budget's columns) becomes a complete master
folder; without an export, the folder's files with their headers and perustiedot.xlsx, the
master as one workbook to fill in. Steps, one module each: `table` (the file under its header
row), `columns` (what each column is), `rows` (each row's place, line and figures), `tree`
(the cost-centre tree and the city's code), `figures` (the leaves' budget in kemixl's signs),
`write` (the folder, all or nothing); `run` drives them; `errors` the one exception.
Nothing is imported here: the CLI imports `errors` at startup, cheaply, and `run` only when
the command runs.
"""
