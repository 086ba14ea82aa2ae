"""Joinedup: frontline services and central strategy teams working as one."""
