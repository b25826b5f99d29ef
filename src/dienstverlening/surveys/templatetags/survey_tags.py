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
