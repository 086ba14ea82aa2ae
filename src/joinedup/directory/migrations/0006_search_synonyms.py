"""Words people search for, per place ("DV" → domestic violence, domestic abuse), seeded for
every place that exists; places made later are seeded by joinedup.directory.signals.

The full-text index needs no rebuild: FTS5 has stemmed with porter since 0003 and
PostgreSQL with 'english'; synonyms are applied to the query, not the index, so a
convenor's change works at once without re-indexing a service.
"""

import django.db.models.deletion
from django.db import migrations, models

from joinedup.directory.synonyms import DEFAULT_SYNONYMS, normalise


def seed(apps, schema_editor):
    Place = apps.get_model("core", "Place")
    SearchSynonym = apps.get_model("directory", "SearchSynonym")
    rows = []
    for place in Place.objects.all():
        have = set(SearchSynonym.objects.filter(place=place).values_list("key", flat=True))
        for phrase, meanings in DEFAULT_SYNONYMS:
            key = normalise(phrase)
            if key not in have:
                have.add(key)
                rows.append(
                    SearchSynonym(place=place, phrase=phrase, key=key, meanings="\n".join(meanings))
                )
    SearchSynonym.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("directory", "0005_search_index_bulk_insert"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchSynonym",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("phrase", models.CharField(max_length=100)),
                (
                    "key",
                    models.CharField(
                        help_text="The phrase normalised, for uniqueness.", max_length=100
                    ),
                ),
                ("meanings", models.TextField(help_text="One meaning to a line.")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "place",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.place",
                    ),
                ),
            ],
            options={"ordering": ["key"]},
        ),
        migrations.AddConstraint(
            model_name="searchsynonym",
            constraint=models.UniqueConstraint(
                fields=("place", "key"), name="directory_synonym_unique"
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
