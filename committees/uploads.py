"""What may be uploaded as a committee document: size and type, checked by extension AND leading bytes."""

import os

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

ZIP = b"PK\x03\x04"
# extension → (MIME type sent on download, accepted leading bytes)
ALLOWED_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (ZIP,)),
    ".odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}


def check_document(upload) -> str:
    """Validate an uploaded file; returns the MIME type to store. Raises ValidationError in German."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("Die Datei ist %(size)s MB groß; erlaubt sind höchstens %(max)s MB."),
            code="too_large",
            params={"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ","),
                    "max": MAX_DOCUMENT_BYTES // 1024 // 1024},
        )
    extension = os.path.splitext(upload.name)[1].lower()
    if extension not in ALLOWED_TYPES:
        raise ValidationError(
            _("Dateien vom Typ „%(ext)s“ sind nicht erlaubt. Erlaubt sind PDF, DOCX, XLSX, PPTX, ODT, PNG und JPEG."),
            code="type_not_allowed",
            params={"ext": extension or _("ohne Endung")},
        )
    mimetype, signatures = ALLOWED_TYPES[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            _("Der Inhalt der Datei passt nicht zur Endung „%(ext)s“. Bitte laden Sie die Originaldatei hoch."),
            code="content_mismatch",
            params={"ext": extension},
        )
    return mimetype
