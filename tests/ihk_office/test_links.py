"""`{% link %}` gives exactly what `{% url %}` gives, in every language, for views taking whole numbers."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from ihk_office.links import link_to


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(("name", "args"), [
    ("companies:company_detail", [7]),
    ("companies:company_detail", [918273645]),  # the placeholder itself is a number like any other
    ("companies:contact_edit", [12, 3]),
    ("consultations_staff:booking_move", [41]),
    ("companies:obstacle_list", []),
    ("home", []),
])
def test_link_is_the_same_as_reverse(language, name, args):
    with translation.override(language):
        assert link_to(name, *args) == reverse(name, args=args)


def test_the_english_link_carries_the_prefix():
    with translation.override("en"):
        assert link_to("companies:company_detail", 5).startswith("/en/")
    with translation.override("de"):
        assert not link_to("companies:company_detail", 5).startswith("/en/")


def test_in_a_template_it_renders_like_url_and_takes_as():
    template = Template("{% load links %}<a href=\"{% link 'companies:company_detail' pk %}\">"
                        "{% link 'companies:contact_edit' pk 9 as edit %}{{ edit }}</a>")
    detail, edit = reverse("companies:company_detail", args=[4]), reverse("companies:contact_edit", args=[4, 9])
    assert template.render(Context({"pk": 4})) == f'<a href="{detail}">{edit}</a>'


def test_only_whole_numbers_and_known_views():
    with pytest.raises(ValueError):
        link_to("companies:company_detail", "../admin")
    with pytest.raises(NoReverseMatch):
        link_to("companies:nonexistent", 1)
    with pytest.raises(TemplateSyntaxError):
        Template("{% load links %}{% link %}")
