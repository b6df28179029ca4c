"""The reporting year: rolling a period's master folder over to the next period, the previous
reports' figures (previous.csv) and budget amendments (amendments.csv)."""
