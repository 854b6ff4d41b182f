"""Standard answers: anyone reads them under /auskunft/ (German) and /en/auskunft/ (English); staff write them, see
their history and note an answer given on the phone under /intern/auskunft/. Thin: parse, call a read function or
a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from companies.services import record_answer_given

from . import selectors, services
from .forms import PhoneNoteForm, StandardAnswerForm
from .http import public_page
from .models import StandardAnswer, layout_office
from .permissions import staff_required

# --- public ----------------------------------------------------------------------------------------


@require_GET
@public_page
def answer_list(request):
    return render(request, "ihk_office/answer_list.html", {"answers": selectors.public_answers()})


@require_GET
@public_page
def answer_detail(request, slug: str):
    data = selectors.public_answer_page(slug, office=layout_office(), now=timezone.now())
    return render(request, "ihk_office/answer_detail.html", data)


# --- staff -----------------------------------------------------------------------------------------


@staff_required
def staff_answer_list(request):
    return render(request, "ihk_office/answer_staff_list.html",
                  {"answers": selectors.staff_answers_page(today=timezone.localdate())})


@staff_required
def staff_answer_detail(request, pk: int):
    """The answer as staff read it out, how often it was given, and "am Telefon gegeben" (a POST here)."""
    data = selectors.staff_answer_page(pk, today=timezone.localdate())
    form = PhoneNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_answer_given(answer=data["answer"], staff=request.user, date=form.cleaned_data["date"],
                                company=form.cleaned_data.get("company"))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Vermerkt: „%(title)s“ am Telefon gegeben.") % {"title": data["answer"]})
            return redirect("answers_staff:detail", pk=pk)
    return render(request, "ihk_office/answer_staff_detail.html", {**data, "form": form},
                  status=400 if form.errors else 200)


@staff_required
def staff_answer_edit(request, pk: int | None = None):
    answer = get_object_or_404(StandardAnswer, pk=pk) if pk else StandardAnswer()
    form = StandardAnswerForm(request.POST or None, instance=answer)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_answer(answer=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Die Standardauskunft wurde gespeichert."))
            return redirect("answers_staff:detail", pk=form.instance.pk)
    return render(request, "ihk_office/answer_form.html", {"form": form, "answer": answer if pk else None},
                  status=400 if form.errors else 200)


@staff_required
def staff_answer_history(request, pk: int):
    answer = get_object_or_404(StandardAnswer, pk=pk)
    return render(request, "ihk_office/answer_history.html",
                  {"answer": answer, "versions": selectors.answer_history(answer)})
