"""The words inside an uploaded committee document, so that the members' search finds what a paper says, not
only its title and description.

PDF through pypdf; Word, PowerPoint, Excel and OpenDocument files are ZIP archives of XML, read with
defusedxml (no entities). A file is untrusted input, so everything is bounded: at most MAX_PAGES pages, MAX_PARTS
archive members and MAX_XML_BYTES of XML actually decompressed (whatever the archive claims), and MAX_CHARS
characters kept (which also keeps PostgreSQL's tsvector of the text far below its 1 MB limit). The work runs in
a Celery task with a time limit (committees.tasks.read_document_text), never in the upload request. A file
that cannot be read (damaged, encrypted) simply has no text.
"""

from __future__ import annotations

import logging
import re
import zipfile
from fnmatch import fnmatch

from defusedxml import ElementTree

logger = logging.getLogger(__name__)

MAX_PAGES = 200
MAX_PARTS = 500
MAX_XML_BYTES = 5 * 1024 * 1024
MAX_CHARS = 60_000

# The parts of an Office Open XML / OpenDocument archive that hold the text, in reading order.
XML_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ["word/document.xml"],
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ["ppt/slides/slide*.xml"],
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["xl/sharedStrings.xml"],
    "application/vnd.oasis.opendocument.text": ["content.xml"],
}

# NUL (PostgreSQL refuses it in text) and the other control characters pypdf returns for unmapped glyphs.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def extract_text(file, content_type: str) -> str:
    """The text of `file` (an open binary file), whitespace collapsed; "" when it has none or cannot be read."""
    try:
        if content_type == "application/pdf":
            text = _pdf_text(file)
        elif content_type in XML_PARTS:
            text = _xml_text(file, XML_PARTS[content_type])
        else:
            return ""
    except Exception:  # any damaged or unusual file: no text, and the document stands
        logger.warning("No text could be read from an uploaded %s file", content_type, exc_info=True)
        return ""
    finally:
        file.seek(0)
    text = CONTROL_CHARACTERS.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()[:MAX_CHARS]


def _pdf_text(file) -> str:
    from pypdf import PdfReader

    reader = PdfReader(file)
    if reader.is_encrypted:
        return ""
    parts, length = [], 0
    for page in reader.pages[:MAX_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        length += len(text)
        if length >= MAX_CHARS:
            break
    return "\n".join(parts)


def _xml_text(file, patterns: list[str]) -> str:
    parts, budget = [], MAX_XML_BYTES
    with zipfile.ZipFile(file) as archive:
        # A name listed twice is read once; the sizes the archive states are not trusted (see below).
        names = sorted(set(archive.namelist()), key=_natural)
        wanted = [name for pattern in patterns for name in names if fnmatch(name, pattern)][:MAX_PARTS]
        for name in wanted:
            # read(n) decompresses at most n bytes, whatever the archive claims the member's size to be.
            with archive.open(name) as member:
                data = member.read(budget + 1)
            if len(data) > budget:  # a zip bomb, or a monster: stop here
                break
            budget -= len(data)
            parts.extend(_paragraphs(ElementTree.fromstring(data)))
    return "\n".join(parts)


# Paragraphs (Word: w:p, PowerPoint: a:p, OpenDocument: text:p and text:h) and Excel's shared strings (si).
# Their text is joined without spaces: Word cuts words into several runs (a spelling mark, a change of font).
PARAGRAPH_TAGS = {"p", "h", "si"}


def _paragraphs(root):
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.rsplit("}", 1)[-1] in PARAGRAPH_TAGS:
            text = "".join(element.itertext())
            if text.strip():
                yield text


def _natural(name: str) -> list:
    """slide2.xml before slide10.xml."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]
