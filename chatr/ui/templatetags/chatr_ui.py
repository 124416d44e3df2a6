"""Form components: `{% form_errors form %}` and `{% field form.name %}`.

Bootstrap classes and aria attributes are passed at render time only. A widget's own `attrs`
dict belongs to the form class and is shared by every request, so it is never written to.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField, BoundWidget
from django.utils.translation import gettext as _

register = template.Library()


def _widget_css_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
        return "form-check-input"  # CheckboxSelectMultiple is a RadioSelect
    if isinstance(widget, forms.Select):
        return "form-select"
    if getattr(widget, "input_type", None) == "range":
        return "form-range"
    return "form-control"


def _error_target_id(bound_field: BoundField) -> str:
    """The id the summary links to: the input itself, or the first of a group of inputs
    (radios, checkboxes, split date/time) whose container cannot take focus."""
    if not bound_field.auto_id:
        return ""
    return bound_field.id_for_label or f"{bound_field.auto_id}_0"


@register.inclusion_tag("ui/partials/error_summary.html")
def form_errors(form: forms.BaseForm) -> dict[str, Any]:
    """An error summary at the top of a form, each message linking to its field."""
    field_errors: list[dict[str, Any]] = []
    other_errors: list[Any] = list(form.non_field_errors())
    for bound_field in form:
        for error in bound_field.errors:
            if bound_field.is_hidden:
                # Django's own msgid, so its catalogue already translates it.
                other_errors.append(
                    _("(Hidden field %(name)s) %(error)s")
                    % {"name": bound_field.name, "error": error}
                )
            else:
                field_errors.append(
                    {
                        "target_id": _error_target_id(bound_field),
                        "label": bound_field.label,
                        "message": error,
                    }
                )
    prefix = f"{form.prefix}-" if form.prefix else ""
    return {
        "form": form,
        "title_id": f"{prefix}error-summary-title",
        "field_errors": field_errors,
        "other_errors": other_errors,
    }


@register.inclusion_tag("ui/partials/field.html")
def field(bound_field: BoundField) -> dict[str, Any]:
    """One form field: label (or legend), hint, error message and widget, tied together."""
    widget = bound_field.field.widget
    has_errors = bool(bound_field.errors)
    classes = [widget.attrs.get("class", ""), _widget_css_class(widget)]
    if has_errors:
        classes.append("is-invalid")
    attrs: dict[str, Any] = {"class": " ".join(c for c in classes if c)}
    if has_errors:
        attrs["aria-invalid"] = "true"

    auto_id = bound_field.auto_id
    context: dict[str, Any] = {
        "field": bound_field,
        "hint_id": f"{auto_id}_helptext" if auto_id else "",
        "error_id": f"{auto_id}_error" if auto_id else "",
        # Django's own ids (hint, then error); None when the widget sets its own.
        "describedby": bound_field.aria_describedby if auto_id else "",
        "options": [],
        "widget": "",
    }
    if bound_field.is_hidden:
        context["layout"] = "hidden"
        context["widget"] = bound_field.as_widget()
    elif isinstance(widget, forms.RadioSelect):
        # One input per choice, each in Bootstrap's form-check layout, inside a fieldset.
        context["layout"] = "choices"
        subwidget_attrs = bound_field.build_widget_attrs(
            {**attrs, **({"id": widget.attrs.get("id") or auto_id} if auto_id else {})}
        )
        context["options"] = [
            BoundWidget(widget, subwidget, bound_field.form.renderer)
            for subwidget in widget.subwidgets(
                bound_field.html_name, bound_field.value(), attrs=subwidget_attrs
            )
        ]
    elif bound_field.use_fieldset:
        context["layout"] = "fieldset"
        context["widget"] = bound_field.as_widget(attrs=attrs)
    elif isinstance(widget, forms.CheckboxInput):
        context["layout"] = "checkbox"
        context["widget"] = bound_field.as_widget(attrs=attrs)
    else:
        context["layout"] = "input"
        context["widget"] = bound_field.as_widget(attrs=attrs)
    return context
