"""The QR code that opens a person's check-in for staff (segno: pure Python, SVG as text)."""

from __future__ import annotations

import io

import segno


def svg_inline(data: str, *, title: str, scale: int = 4) -> str:
    """An <svg> element for a page (no script, no outside request)."""
    return segno.make(data, error="m").svg_inline(scale=scale, title=title, border=2)


def svg_document(data: str, *, title: str, scale: int = 6) -> str:
    """A stand-alone SVG file for a mail attachment."""
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="svg", scale=scale, title=title, border=2, xmldecl=True)
    return out.getvalue().decode()
