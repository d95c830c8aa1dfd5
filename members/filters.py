import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.widgets import QuickSelect

from .models import County, Organisation, Pillar


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or acronym"), method="filter_name")
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=Organisation.Category.choices,
        empty_label=_("Any category"),
        widget=QuickSelect,
    )
    pillar = django_filters.ModelChoiceFilter(
        label=_("Pillar"),
        queryset=Pillar.objects.all(),
        to_field_name="slug",
        field_name="pillars",
        empty_label=_("Any pillar"),
        widget=QuickSelect,
    )
    county = django_filters.ModelChoiceFilter(
        label=_("County"),
        queryset=County.objects.all(),
        to_field_name="slug",
        method="filter_county",
        empty_label=_("Any county"),
        widget=QuickSelect,
    )

    class Meta:
        model = Organisation
        fields = ["q", "category", "pillar", "county"]

    def filter_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(acronym__iexact=value))

    def filter_county(self, queryset, name, value):
        """Organisations working in the county, including those that work nationwide. A
        subquery rather than a join, so the list and its count need no DISTINCT (issue 7)."""
        works_there = Organisation.counties.through.objects.filter(
            organisation=OuterRef("pk"), county=value
        )
        return queryset.filter(Q(national_coverage=True) | Exists(works_there))
