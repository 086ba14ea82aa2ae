"""Escalation pathways: levels of need, thresholds, alignment checks, kits, DASH and "find help"."""
