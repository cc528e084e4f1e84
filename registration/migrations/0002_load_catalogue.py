"""Load the clusters and activities of the registration framework from the committed CSV files.

`data/registration_catalogue.csv` is the catalogue as given (codes in English, Dutch labels from
the seed); `data/catalogue_extra.csv` adds English labels and the explanations shown as help text
(`*` as cluster code applies to that activity in every cluster). Rows are matched on their codes,
so running the migration again leaves changes made in the admin alone.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _read(name):
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(apps, schema_editor):
    Cluster = apps.get_model("registration", "Cluster")
    Activity = apps.get_model("registration", "Activity")
    extra = {(row["cluster_code"], row["activity_code"]): row for row in _read("catalogue_extra.csv")}
    clusters = {}
    activity_order = {}
    for row in _read("registration_catalogue.csv"):
        code = row["cluster_code"]
        if code not in clusters:
            info = extra.get((code, ""), {})
            clusters[code], _ = Cluster.objects.get_or_create(
                code=code,
                defaults={
                    "name": row["cluster_nl"],
                    "name_en": info.get("name_en", ""),
                    "description": info.get("description_nl", ""),
                    "description_en": info.get("description_en", ""),
                    "order": len(clusters) + 1,
                },
            )
        activity_order[code] = activity_order.get(code, 0) + 1
        info = extra.get((code, row["activity_code"])) or extra.get(("*", row["activity_code"]), {})
        Activity.objects.get_or_create(
            cluster=clusters[code],
            code=row["activity_code"],
            defaults={
                "name": row["activity_nl"],
                "name_en": info.get("name_en", ""),
                "description": info.get("description_nl", ""),
                "description_en": info.get("description_en", ""),
                "order": activity_order[code],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("registration", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
