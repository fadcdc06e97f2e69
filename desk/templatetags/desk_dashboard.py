"""``{% desk_dashboard as lists %}``: the dashboard's lists for the signed-in user (desk/dashboard.py)."""

from django import template

from ..dashboard import dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def desk_dashboard(context):
    return dashboard(context["request"].user)
