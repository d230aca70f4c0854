"""Importers: peers' file formats (KTAB CSV, Genius XML, GMCR+) mapped into a `Scenario`."""
