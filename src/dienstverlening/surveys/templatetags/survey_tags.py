from django import forms, template

register = template.Library()


@register.filter
def field_of(form: forms.Form, name: str):
    """``form|field_of:name`` gives the bound field called ``name``."""
    return form[name]


@register.filter
def error_anchor(field) -> str:
    """The id an error summary links to: the first option of a radio or checkbox list."""
    if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_0"
    return field.auto_id


@register.simple_tag(takes_context=True)
def export_file_url(context, job) -> str:
    """Where the one who asked for an export downloads its file; '' for anyone else, and when
    the file is gone (past its day) or was never made."""
    from django.urls import reverse

    from dienstverlening.core.job_files import job_file_for

    request = context.get("request")
    if request is None or job_file_for(request.user, job) is None:
        return ""
    return reverse("survey-export-file", args=[job.pk])
