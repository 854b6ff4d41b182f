"""Writes of the office's own content: the standard answers."""

from __future__ import annotations

from django.db import transaction

from .models import StandardAnswer


@transaction.atomic
def save_answer(*, answer: StandardAnswer, by) -> StandardAnswer:
    """Create or change a standard answer; its history records `by` as the person who changed it (also when
    called outside a request, where simple-history's middleware knows nobody). Raises ValidationError."""
    answer.full_clean()
    answer._history_user = by
    answer.save()
    return answer
