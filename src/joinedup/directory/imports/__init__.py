"""Spreadsheet import of teams and people: read, map columns, plan with merges, commit."""
