"""Department templates: the workbook finance sends out (`writer`), the names and positions
it shares with the reader (`layout`), and programmatic filling (`fill`) for tests and samples."""
