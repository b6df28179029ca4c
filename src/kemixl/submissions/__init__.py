"""Department submissions: turning a returned workbook (template or free-form) into records
(`records`), each value with its file, sheet and cell. `reader` finds the finance table;
`template_parts` the stamp, explanations, KPIs and strategy realizations."""
