"""Read the text of committee documents uploaded before the search looked inside files (or all with --all)."""

from django.core.management.base import BaseCommand

from committees import services
from committees.models import Document


class Command(BaseCommand):
    help = "Liest den Text hochgeladener Gremiendokumente für die Suche ein (ohne --all nur die ohne Text)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="auch Dokumente, die schon Text haben")

    def handle(self, *args, all: bool = False, **options):  # noqa: A002 – the option's name
        documents = Document.objects.defer("text") if all else Document.objects.filter(text="").defer("text")
        read = 0
        for document in documents.iterator():
            if services.read_document_text(document):
                read += 1
            else:
                self.stderr.write(f"Datei fehlt: {document.file.name}")
        self.stdout.write(f"{read} Dokumente eingelesen.")
