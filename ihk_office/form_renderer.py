"""The form renderer (settings.FORM_RENDERER): Django's own, with the plain widgets written in Python.

Django renders every widget through the template engine: an <input> is three templates (text.html, input.html,
attrs.html), a <select> one more per <option>, radio buttons two more per choice. On the public booking form
that was half the page's template time (measured with tests.bench.profile_pages). Here the widgets whose
templates Django ships (and nobody overrides: the renderer reads only Django's and the apps' templates) are
written out with the same HTML, character for character (tests/ihk_office/test_form_renderer.py renders each
through both); every other template, and every template rendered with a request, goes to the engine as before.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
# The templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUTS = {f"{WIDGETS}{name}.html" for name in (
    "input", "text", "email", "number", "date", "datetime", "time", "password", "search", "tel", "url",
    "hidden", "checkbox", "color", "file")}


def _out(value) -> str:
    """{{ value }}: localised, then escaped unless safe."""
    value = localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))


def _formatted(value) -> str:
    """{{ value|stringformat:'s' }}."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value,)  # noqa: UP031 – the filter's own formatting
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html"""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_out(name)}" if value is True else f' {_out(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html"""
    value = f' value="{_formatted(widget["value"])}"' if widget["value"] is not None else ""
    return f'<input type="{_out(widget["type"])}" name="{_out(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = _out(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_out(group_name)}">')
        for option in options:
            if option["template_name"] != f"{WIDGETS}select_option.html":
                return None
            parts.append(f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                         f'{_out(option["label"])}</option>\n')  # the newline that ends select_option.html
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _multiple_input(widget: dict) -> str | None:
    """Radio buttons and checkboxes: multiple_input.html with input_option.html per choice."""
    id_, css = widget["attrs"].get("id"), widget["attrs"].get("class")
    parts = [f'<div{f" id={chr(34)}{_out(id_)}{chr(34)}" if id_ else ""}'
             f'{f" class={chr(34)}{_out(css)}{chr(34)}" if css else ""}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_out(group)}</label>")
        for option in options:
            if option["template_name"] not in {f"{WIDGETS}radio_option.html", f"{WIDGETS}checkbox_option.html"}:
                return None
            html = _input(option) + "\n"  # each template included ends with a newline: input.html,
            if option["wrap_label"]:
                option_id = option["attrs"].get("id")
                label_for = f' for="{_out(option_id)}"' if option_id else ""
                html = f"<label{label_for}>{html} {_out(option['label'])}</label>"
            parts.append(f"<div>\n    {html}\n\n</div>")  # input_option.html, radio_option.html
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


WRITERS = {
    **dict.fromkeys(INPUTS, _input),
    f"{WIDGETS}textarea.html": _textarea,
    f"{WIDGETS}select.html": _select,
    f"{WIDGETS}radio.html": _multiple_input,
    f"{WIDGETS}checkbox_select.html": _multiple_input,
}


class FastWidgetRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        writer = WRITERS.get(template_name)
        if writer is not None and request is None and set(context) == {"widget"}:
            html = writer(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request)
