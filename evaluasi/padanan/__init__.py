"""The crosswalk (padanan) between two instruments (SPEC §13): data, loader, workbook, rules."""
