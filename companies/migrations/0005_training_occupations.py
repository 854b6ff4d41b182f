from django.db import migrations

# The recognised training occupations the chamber trains in most (BIBB, "Verzeichnis der anerkannten
# Ausbildungsberufe"), spelled as the list names them, with the male and female forms shortened the way the
# chambers print them ("Kaufmann/-frau im Einzelhandel" for "Kaufmann im Einzelhandel/Kauffrau im Einzelhandel").
# No package ships the list; staff add new occupations and deactivate retired ones in the admin afterwards.
OCCUPATIONS = [
    # Trade, office and services
    "Kaufmann/-frau im Einzelhandel",
    "Verkäufer/-in",
    "Kaufmann/-frau für Büromanagement",
    "Industriekaufmann/-frau",
    "Kaufmann/-frau für Groß- und Außenhandelsmanagement",
    "Bankkaufmann/-frau",
    "Kaufmann/-frau für Versicherungen und Finanzanlagen",
    "Immobilienkaufmann/-frau",
    "Kaufmann/-frau im E-Commerce",
    "Kaufmann/-frau für Digitalisierungsmanagement",
    "Kaufmann/-frau für IT-System-Management",
    "Kaufmann/-frau für Marketingkommunikation",
    "Kaufmann/-frau für Dialogmarketing",
    "Servicefachkraft für Dialogmarketing",
    "Kaufmann/-frau im Gesundheitswesen",
    "Automobilkaufmann/-frau",
    "Drogist/-in",
    "Personaldienstleistungskaufmann/-frau",
    "Sport- und Fitnesskaufmann/-frau",
    "Veranstaltungskaufmann/-frau",
    "Medienkaufmann/-frau Digital und Print",
    "Tourismuskaufmann/-frau (Kaufmann/-frau für Privat- und Geschäftsreisen)",
    "Kaufmann/-frau für Tourismus und Freizeit",
    "Gestalter/-in für visuelles Marketing",
    "Florist/-in",
    # Logistics and transport
    "Fachkraft für Lagerlogistik",
    "Fachlagerist/-in",
    "Kaufmann/-frau für Spedition und Logistikdienstleistung",
    "Berufskraftfahrer/-in",
    "Fachkraft für Kurier-, Express- und Postdienstleistungen",
    "Kaufmann/-frau für Verkehrsservice",
    "Fachkraft für Möbel-, Küchen- und Umzugsservice",
    # Hotels and restaurants
    "Koch/Köchin",
    "Fachkraft Küche",
    "Hotelfachmann/-frau",
    "Kaufmann/-frau für Hotelmanagement",
    "Fachmann/-frau für Restaurants und Veranstaltungsgastronomie",
    "Fachkraft für Gastronomie",
    "Fachmann/-frau für Systemgastronomie",
    # IT and media
    "Fachinformatiker/-in – Fachrichtung Anwendungsentwicklung",
    "Fachinformatiker/-in – Fachrichtung Systemintegration",
    "Fachinformatiker/-in – Fachrichtung Daten- und Prozessanalyse",
    "Fachinformatiker/-in – Fachrichtung Digitale Vernetzung",
    "IT-System-Elektroniker/-in",
    "Mediengestalter/-in Digital und Print",
    "Medientechnologe/-technologin Druck",
    "Fachkraft für Veranstaltungstechnik",
    # Metal, electrical, production
    "Industriemechaniker/-in",
    "Zerspanungsmechaniker/-in",
    "Werkzeugmechaniker/-in",
    "Konstruktionsmechaniker/-in",
    "Anlagenmechaniker/-in",
    "Fertigungsmechaniker/-in",
    "Gießereimechaniker/-in",
    "Verfahrenstechnologe/-technologin Metall",
    "Maschinen- und Anlagenführer/-in",
    "Fachkraft für Metalltechnik",
    "Mechatroniker/-in",
    "Kraftfahrzeugmechatroniker/-in",
    "Fahrradmonteur/-in",
    "Elektroniker/-in für Betriebstechnik",
    "Elektroniker/-in für Automatisierungstechnik",
    "Elektroniker/-in für Geräte und Systeme",
    "Elektroniker/-in für Informations- und Systemtechnik",
    "Industrieelektriker/-in",
    "Produktionstechnologe/-technologin",
    "Technische/-r Produktdesigner/-in",
    "Technische/-r Systemplaner/-in",
    "Bauzeichner/-in",
    "Verfahrensmechaniker/-in für Kunststoff- und Kautschuktechnik",
    "Holzmechaniker/-in",
    "Papiertechnologe/-technologin",
    "Chemikant/-in",
    "Chemielaborant/-in",
    "Produktionsfachkraft Chemie",
    "Fachkraft für Lebensmitteltechnik",
    "Fachkraft für Kreislauf- und Abfallwirtschaft",
    # Security
    "Fachkraft für Schutz und Sicherheit",
    "Servicekraft für Schutz und Sicherheit",
]


def add_occupations(apps, schema_editor):
    TrainingOccupation = apps.get_model("companies", "TrainingOccupation")
    for name in OCCUPATIONS:
        TrainingOccupation.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("companies", "0004_training_places")]

    operations = [migrations.RunPython(add_occupations, migrations.RunPython.noop)]
