"""Permissions table rows for the find-help pages: every role may find help."""

from tests.permissions_table import ALL, Row, roles

EXPECTATIONS = {
    "pathways:find_help": Row(roles(ALL)),
    "pathways:find_help_plan": Row(roles(ALL), data=lambda world: {"n": "homelessness:0"}),
    "pathways:information_sharing": Row(roles(ALL)),
}
