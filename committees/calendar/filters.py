import django_filters
from django.utils.translation import gettext_lazy as _

from core.widgets import QuickSelect
from members.models import County

from ..models import Body, Meeting


class EventFilter(django_filters.FilterSet):
    """The events list's filters. Bodies and counties are offered by slug from two small
    ``values_list`` queries, read once per form: the 200 bodies as model instances
    were a good part of the page's time at full size (issue 7)."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=Meeting.Kind.choices,
        empty_label=_("Any kind"),
        widget=QuickSelect,
    )
    body = django_filters.ChoiceFilter(
        label=_("Convened by"),
        field_name="body__slug",
        choices=[],
        empty_label=_("Any body"),
        widget=QuickSelect,
    )
    county = django_filters.ChoiceFilter(
        label=_("County"),
        field_name="body__county__slug",
        choices=[],
        empty_label=_("Any county"),
        widget=QuickSelect,
    )

    class Meta:
        model = Meeting
        fields = ["kind", "body", "county"]

    @property
    def form(self):
        if not hasattr(self, "_form"):
            # Read when the form is first built (an unfiltered month view never builds it).
            self.filters["body"].extra["choices"] = list(
                Body.objects.order_by("name").values_list("slug", "name")
            )
            self.filters["county"].extra["choices"] = list(
                County.objects.order_by("name").values_list("slug", "name")
            )
        return super().form
