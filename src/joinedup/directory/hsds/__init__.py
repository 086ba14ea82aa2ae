"""Open Referral UK (HSDS 3.0): export a place's directory, import HSDS JSON and tabular data.

The open feed never carries confidential locations, nor contacts (named people) with their
personal emails and phones: only service-, location- and organisation-level contact routes.
"""

HSDS_VERSION = "3.0"
PROFILE_URL = "https://openreferral.org/openreferraluk/"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
