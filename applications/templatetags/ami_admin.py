from django import template

register = template.Library()


@register.inclusion_tag("admin/_error_summary.html")
def admin_error_summary(adminform, inline_admin_formsets=None):
    """One summary of every error of an admin form and its inlines, each linking to its field."""
    from applications.admin import error_summary

    form = getattr(adminform, "form", None)
    if form is None or not form.is_bound:
        return {"error_summary": []}
    return {"error_summary": error_summary(form, [inline.formset for inline in inline_admin_formsets or ()])}
