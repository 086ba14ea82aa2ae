"""Django app for spreadsheet imports: the batches between steps and remembered team spellings."""

from django.apps import AppConfig


class DirectoryImportsConfig(AppConfig):
    name = "joinedup.directory.imports"
    label = "directory_imports"
    verbose_name = "Directory imports"
    default_auto_field = "django.db.models.BigAutoField"
