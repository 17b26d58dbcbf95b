"""The public filterset every listing and feed builds on (home/filters.py), with real pages and requests."""

import pytest
from django import forms
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import PageViewRestriction

from home.factories import ThemePageFactory
from home.filters import PublicFilterSet, ThemeFilter
from home.models import NewsPage, ThemePage

from .news_helpers import make_news, make_news_index, make_themes


class PagingForm(forms.Form):
    page = forms.IntegerField(required=False, min_value=1)


class NewsByTheme(PublicFilterSet):
    """What another app declares: a theme filter, and a parameter of its own on Meta.form."""

    theme = ThemeFilter(label="Theme", empty_label="All themes")

    class Meta:
        form = PagingForm


def request_for(language, **params):
    request = RequestFactory().get(f"/{language}/", params)
    request.LANGUAGE_CODE = language
    return request


def news_filterset(language, **params):
    request = request_for(language, **params)
    news = NewsPage.objects.live().filter(locale__language_code=language)
    return NewsByTheme(request.GET, queryset=news, request=request)


def filtered_titles(filterset):
    assert filterset.is_valid(), filterset.errors
    return sorted(filterset.qs.values_list("title", flat=True))


@pytest.fixture
def site(bilingual_site):
    themes = make_themes(bilingual_site["sv_home"])
    index, _en_index = make_news_index(bilingual_site["sv_home"])
    methods, collaboration = themes["metoder"]["sv"], themes["samverkan"]["sv"]
    make_news(index, 1, themes=[methods])
    make_news(index, 2, themes=[collaboration])
    make_news(index, 3, themes=[methods, collaboration])
    return {**bilingual_site, "themes": themes, "index": index}


# Without the database: values back out as parameters and labels -----------------------------------


def test_cleaned_values_go_back_as_parameters_and_labels_without_empty_ones():
    theme = ThemePage(title="Supported Employment", slug="supported-employment")
    assert NewsByTheme.params_for({"theme": theme, "page": 3}) == {"theme": "supported-employment"}
    assert NewsByTheme.labels_for({"theme": theme}) == ["Supported Employment"]
    assert NewsByTheme.params_for({"theme": None}) == {}
    assert NewsByTheme.labels_for({}) == []


# Themes ----------------------------------------------------------------------------------------------


def test_theme_slug_in_the_requests_language_matches_news_tagged_in_any_translation(site):
    # The news are tagged with the Swedish theme pages; the English listing finds them by the English slug.
    assert filtered_titles(news_filterset("sv", theme="metoder")) == ["Svensk nyhet 1", "Svensk nyhet 3"]
    assert filtered_titles(news_filterset("en", theme="methods")) == ["English news 1", "English news 3"]
    assert filtered_titles(news_filterset("en")) == ["English news 1", "English news 2", "English news 3"]


def test_an_unknown_or_other_language_slug_is_invalid_with_a_message_in_the_requests_language(site):
    swedish = news_filterset("sv", theme="methods")
    english = news_filterset("en", theme="metoder")
    # Messages follow the request, whatever language happens to be active while they are read.
    with translation.override("en"):
        assert not swedish.is_valid()
        assert swedish.error_messages() == ["Det finns inget tema som heter ”methods”."]
        assert swedish.error_lines() == ["theme: Det finns inget tema som heter ”methods”."]
    with translation.override("sv"):
        assert not english.is_valid()
        assert english.error_messages() == ["There is no theme called “metoder”."]


def test_parameters_of_the_form_are_validated_but_filter_nothing(site):
    paged = news_filterset("sv", theme="samverkan", page="2")
    assert filtered_titles(paged) == ["Svensk nyhet 2", "Svensk nyhet 3"]
    assert paged.form.cleaned_data["page"] == 2
    assert paged.params() == {"theme": "samverkan"}
    assert paged.labels() == ["Samverkan"]
    nonsense = news_filterset("en", page="x")
    assert not nonsense.is_valid()
    assert nonsense.error_lines() == ["page: Enter a whole number."]


def test_themes_are_read_once_for_validating_rendering_and_labels(site, django_assert_num_queries):
    filterset = news_filterset("sv", theme="metoder")
    with django_assert_num_queries(2):  # the site-content version and the themes
        assert filterset.is_valid()
        rendered = str(filterset.form["theme"])
        assert filterset.labels() == ["Evidensbaserade metoder"]
        assert [theme.slug for theme in filterset.themes()] == ["metoder", "samverkan"]
    assert '<option value="">All themes</option>' in rendered
    assert '<option value="metoder" selected>Evidensbaserade metoder</option>' in rendered
    # The next request of the same version reads the version only.
    with django_assert_num_queries(1):
        assert news_filterset("sv", theme="samverkan").is_valid()


def test_a_published_theme_is_a_choice_at_once(site):
    assert [theme.slug for theme in news_filterset("sv").themes()] == ["metoder", "samverkan"]
    index = site["themes"]["metoder"]["sv"].get_parent()
    ThemePageFactory(parent=index, title="Nytt tema", slug="nytt").save_revision().publish()
    filterset = news_filterset("sv", theme="nytt")
    assert filterset.is_valid()
    assert [theme.slug for theme in filterset.themes()] == ["metoder", "samverkan", "nytt"]
    assert filterset.labels() == ["Nytt tema"]


def test_a_theme_in_a_private_section_is_no_choice(site):
    index = site["themes"]["metoder"]["sv"].get_parent()
    hidden = ThemePageFactory(parent=index, title="Intern", slug="intern")
    hidden.save_revision().publish()
    assert news_filterset("sv", theme="intern").is_valid()
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    filterset = news_filterset("sv", theme="intern")
    assert not filterset.is_valid()
    assert [theme.slug for theme in filterset.themes()] == ["metoder", "samverkan"]


def test_bad_request_response_is_a_400_page_listing_the_messages(site):
    request = request_for("sv", theme="finns-inte")
    filterset = NewsByTheme(request.GET, queryset=NewsPage.objects.all(), request=request)
    assert not filterset.is_valid()
    context = site["index"].get_context(request)
    response = filterset.bad_request_response("home/news_bad_request.html", context)
    assert response.status_code == 400
    assert response.template_name == "home/news_bad_request.html"
    assert response.context_data["errors"] == ["Det finns inget tema som heter ”finns-inte”."]
