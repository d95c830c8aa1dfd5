import django_filters
from django.utils.translation import gettext_lazy as _

from cop_portal.widgets import QuickSelect
from members.models import County

from .models import Body, Meeting


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=Meeting.Kind.choices,
        empty_label=_("Any kind"),
        widget=QuickSelect,
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Convened by"),
        queryset=Body.objects.order_by("name").only("pk", "name", "slug"),
        to_field_name="slug",
        empty_label=_("Any body"),
        widget=QuickSelect,
    )
    county = django_filters.ModelChoiceFilter(
        label=_("County"),
        queryset=County.objects.all(),
        to_field_name="slug",
        field_name="body__county",
        empty_label=_("Any county"),
        widget=QuickSelect,
    )

    class Meta:
        model = Meeting
        fields = ["kind", "body", "county"]
