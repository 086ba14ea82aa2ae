"""Personal-data scanner for case studies: pure Python, offline, no Django."""

from joinedup.casestudies.anonymise.finding import KINDS, Finding
from joinedup.casestudies.anonymise.scan import apply_suggestions, scan_for_personal_data

__all__ = ["KINDS", "Finding", "apply_suggestions", "scan_for_personal_data"]
