"""Permissions table rows for the network's URLs (fixed expectations, written by hand)."""

from tests.permissions_table import ALL, Row, roles

EXPECTATIONS = {
    "network:map": Row(expect=roles(ALL)),
    "network:map_data": Row(expect=roles(ALL)),
    "network:introductions": Row(expect=roles(ALL)),
    "network:export": Row(expect=roles({"convenor"})),
    "network:declare": Row(expect=roles({"convenor", "practitioner"})),
    "network:across_places": Row(expect=roles({"strategist"})),
    "network:national": Row(expect=roles({"strategist"})),
    "network:national_csv": Row(expect=roles({"strategist"})),
    "network:digest": Row(expect=roles(ALL)),
}
