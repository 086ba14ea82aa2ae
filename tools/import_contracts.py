"""Our own import-linter contract: an app's views, forms, URL modules and _private modules are
its own. import-linter's module expressions match whole names only (no `*_views` or `_*`), so
this contract reads the module names itself and so covers new apps without a new line."""

from __future__ import annotations

import grimp
from importlinter import Contract, ContractCheck, fields, output

# What no other app may import: the last part of a module's name is one of these, ends with
# one of the suffixes, or starts with a single underscore.
PRIVATE_NAMES = frozenset({"views", "forms", "urls"})
PRIVATE_SUFFIXES = ("_views", "_urls")


def is_private(module: str) -> bool:
    """Whether the module is private to its app (views, forms, URLs, or an _underscore one)."""
    last = module.rsplit(".", 1)[-1]
    return (
        last in PRIVATE_NAMES
        or last.endswith(PRIVATE_SUFFIXES)
        or (last.startswith("_") and not last.startswith("__"))
    )


def app_of(module: str, root: str) -> str | None:
    """The app a module belongs to (root.<app>), or None for modules of the root itself."""
    parts = module.split(".")
    if parts[0] != root or len(parts) < 3:
        return None
    return ".".join(parts[:2])


def cross_app_private_imports(
    graph: grimp.ImportGraph, *, root: str, allowed: frozenset[str] = frozenset()
) -> list[tuple[str, str, int | None]]:
    """Every import of one app's private module from another app: (importer, imported, line)."""
    found = []
    for imported in sorted(graph.modules):
        imported_app = app_of(imported, root)
        if imported_app is None or not is_private(imported):
            continue
        for importer in sorted(graph.find_modules_that_directly_import(imported)):
            if importer in allowed or app_of(importer, root) == imported_app:
                continue
            details = graph.get_import_details(importer=importer, imported=imported)
            found.append((importer, imported, details[0]["line_number"] if details else None))
    return found


class AppPrivateContract(Contract):
    """No app imports another app's views, forms, URL modules or _private modules.

    Configuration options:
        - root:              The package whose direct subpackages are the apps.
        - allowed_importers: Modules that may import any app's private modules (the root URL
                             configuration). (Optional.)
    """

    type_name = "app_private"

    root = fields.StringField()
    allowed_importers = fields.SetField(subfield=fields.StringField(), required=False)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        found = cross_app_private_imports(
            graph,
            root=str(self.root),
            allowed=frozenset(str(m) for m in (self.allowed_importers or ())),
        )
        return ContractCheck(kept=not found, metadata={"found": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, line in check.metadata["found"]:
            where = f" (l. {line})" if line else ""
            output.print_error(f"{importer} -> {imported}{where}", bold=False)
        output.new_line()
        output.print("Move what the other app needs into its services, rules or models.")
