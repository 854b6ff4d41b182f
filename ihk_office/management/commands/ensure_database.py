"""Create the PostgreSQL database named in DATABASE_URL if it does not exist yet (used by `make up`)."""

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Legt die PostgreSQL-Datenbank aus DATABASE_URL an, falls es sie noch nicht gibt."

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.postgresql":
            self.stdout.write("Keine PostgreSQL-Datenbank konfiguriert – nichts zu tun.")
            return
        import psycopg2
        from psycopg2 import sql

        conn = psycopg2.connect(
            dbname="postgres", user=db.get("USER") or None, password=db.get("PASSWORD") or None,
            host=db.get("HOST") or None, port=db.get("PORT") or None,
        )
        conn.autocommit = True  # CREATE DATABASE cannot run inside a transaction
        try:
            with conn.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
                if cursor.fetchone():
                    self.stdout.write(f"Datenbank {db['NAME']} ist vorhanden.")
                    return
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
                self.stdout.write(self.style.SUCCESS(f"Datenbank {db['NAME']} angelegt."))
        finally:
            conn.close()
