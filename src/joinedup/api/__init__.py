"""The JSON API, starting with the open Open Referral UK (HSDS 3) endpoints at /api/oruk/."""
