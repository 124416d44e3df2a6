"""Pensions: programs with benefit rules per Jalali year, monthly payment cycles and their
entitlements, bank transfer files and their results."""
