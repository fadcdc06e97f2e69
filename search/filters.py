"""The search form: the old site's options drawer, validated.

django-filter's FilterSet supplies the form and the structured filters:
its ``qs`` is the candidates (visible entries of the chosen types and
categories, descendants included). The text part goes to the engine as a
``SearchRequest``; matching, ranking and counting then happen in one
backend-specific pass over the candidates.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from posts.models import Category

from .backends import CONTENT, TITLE
from .engine import KIND_CHOICES, NEWEST, RELEVANCE, SearchRequest
from .models import SearchEntry
from .query import MAX_QUERY_LENGTH

FIELD_CHOICES = [(TITLE, _("Search in title")), (CONTENT, _("Search in content"))]
SORT_CHOICES = [(RELEVANCE, _("Relevance")), (NEWEST, _("Newest first"))]


class CategoryChoiceField(forms.ModelMultipleChoiceField):
    MAX_ID = 2**63 - 1

    def _check_values(self, value):
        """Refuse ids no database column can hold before they reach a query.

        (SQLite raises OverflowError on integers past 64 bits.)
        """
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit()) or int(text) > self.MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class CategoryFilter(django_filters.ModelMultipleChoiceFilter):
    """Any of the chosen categories, each with its descendants."""

    field_class = CategoryChoiceField

    def filter(self, queryset, value):
        return queryset.in_categories(value) if value else queryset


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _(
                "Please shorten your search to %(limit_value)d characters (it has %(show_value)d)."
            )
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    exact = forms.BooleanField(label=_("Exact matches only"), required=False)
    field = forms.MultipleChoiceField(
        label=_("Search in"),
        choices=FIELD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"), choices=SORT_CHOICES, required=False, widget=forms.Select
    )
    # Sent by the full form, so that "both boxes unticked" can be told apart
    # from a plain /search/?q=… link, which means both.
    opts = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].replace("\x00", " ").split())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("opts") and not cleaned.get("field"):
            self.add_error("field", _("Tick “Search in title”, “Search in content” or both."))
        return cleaned


class SearchFilterSet(django_filters.FilterSet):
    type = django_filters.MultipleChoiceFilter(
        field_name="kind",
        label=_("Post Type Selectors"),
        choices=KIND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,  # one kind per entry: DISTINCT would only slow the search down
    )
    category = CategoryFilter(
        label=_("Filter by Categories"),
        queryset=Category.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("There is no category %(value)s."),
            "invalid_pk_value": _("“%(pk)s” is not a category."),
        },
    )

    class Meta:
        model = SearchEntry
        fields = ["type", "category"]
        form = SearchForm

    def category_choices(self):
        """(category, depth, ticked) in tree order, for the hierarchical checkbox list.

        Rendered by the template from the cached tree rather than by the
        widget, which would query and render each option separately.
        """
        ticked = set(self.form["category"].value() or [])
        return [
            (category, category.depth, str(category.pk) in ticked)
            for category in Category.objects.tree()
        ]

    def search_request(self):
        """The validated text options as the engine takes them; call after ``is_valid()``."""
        data = self.form.cleaned_data
        return SearchRequest(
            text=data.get("q", ""),
            exact=bool(data.get("exact")),
            fields=frozenset(data.get("field") or (TITLE, CONTENT)),
            sort=data.get("sort") or RELEVANCE,
            filtered=bool(data.get("type") or data.get("category")),
        )

    def filter_queryset(self, queryset, skip=None):
        """Apply the filters (the form's other fields are the engine's input)."""
        for name, value in self.form.cleaned_data.items():
            if name in self.filters and name != skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def candidates_without(self, name):
        """The candidates filtered by everything except the filter ``name`` (for facets)."""
        return self.filter_queryset(self.queryset.all(), skip=name)
