"""Read the text of committee documents uploaded before the search looked inside files (or all with --all)."""

from django.core.management.base import BaseCommand

from committees.models import Document
from committees.text_extraction import extract_text


class Command(BaseCommand):
    help = "Liest den Text hochgeladener Gremiendokumente für die Suche ein (ohne --all nur die ohne Text)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="auch Dokumente, die schon Text haben")

    def handle(self, *args, all: bool = False, **options):  # noqa: A002 – the option's name
        documents = Document.objects.all() if all else Document.objects.filter(text="")
        read = 0
        for document in documents.iterator():
            try:
                with document.file.open("rb") as handle:
                    text = extract_text(handle, document.content_type)
            except FileNotFoundError:
                self.stderr.write(f"Datei fehlt: {document.file.name}")
                continue
            if text:
                Document.objects.filter(pk=document.pk).update(text=text)
                read += 1
        self.stdout.write(f"{read} Dokumente mit Text eingelesen.")
