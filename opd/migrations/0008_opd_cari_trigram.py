"""Trigram indexes for the OPD search (`?q=` on the period page, dashboard, assignment,
architecture and OPD list: `UPPER(col) LIKE UPPER('%q%')`), so a search at 20,000 OPDs reads
the matching rows instead of scanning every OPD. PostgreSQL only, through its pg_trgm
extension; where the extension may not be created (no privilege), the search keeps working
without them and the migration says so. SQLite needs nothing."""

from django.db import DatabaseError, migrations, transaction

KOLOM = ("nama", "singkatan", "kode")


def buat(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as exc:  # e.g. no privilege: the search stays as it was
        print(f"\n  pg_trgm tidak dapat dipasang ({exc}); pencarian OPD tetap berjalan tanpa indeks.")
        return
    with connection.cursor() as cursor:
        for kolom in KOLOM:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS opd_{kolom}_trgm ON opd_opd "
                f"USING gin (UPPER({kolom}::text) gin_trgm_ops)"
            )


def hapus(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for kolom in KOLOM:
            cursor.execute(f"DROP INDEX IF EXISTS opd_{kolom}_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("opd", "0007_opd_urutan_nama"),
    ]

    operations = [
        migrations.RunPython(buat, hapus),
    ]
