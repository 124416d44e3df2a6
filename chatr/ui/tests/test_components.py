import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template(
    "{% load chatr_ui %}{% form_errors form %}{% for f in form %}{% field f %}{% endfor %}"
)


class ContactForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As on your national card.")
    mobile = forms.CharField(
        label="Mobile", required=False, widget=forms.TextInput(attrs={"class": "ltr"})
    )
    channel = forms.ChoiceField(
        label="Reply by", choices=[("sms", "SMS"), ("call", "Call")], widget=forms.RadioSelect
    )
    province = forms.ChoiceField(label="Province", choices=[("", "---"), ("1", "Zanjan")])
    agree = forms.BooleanField(label="I agree")
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Try again later.")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def render(form):
    return TEMPLATE.render(Context({"form": form}))


def test_valid_or_unbound_form_has_no_error_summary():
    assert "data-error-summary" not in render(ContactForm())


def test_error_summary_links_each_error_to_its_field():
    html = render(ContactForm(data={}))

    assert 'role="alert" tabindex="-1" data-error-summary' in html
    assert 'aria-labelledby="error-summary-title"' in html
    assert 'id="error-summary-title"' in html
    assert 'href="#id_name"' in html
    assert 'href="#id_province"' in html
    assert 'href="#id_agree"' in html
    assert 'id="id_name"' in html


def test_error_summary_links_a_radio_group_to_its_first_radio():
    html = render(ContactForm(data={}))

    assert 'href="#id_channel_0"' in html
    assert 'id="id_channel_0"' in html


def test_non_field_and_hidden_field_errors_are_listed_without_a_link():
    html = render(ContactForm(data={"name": "x"}))

    assert "<li>Try again later.</li>" in html
    assert "(Hidden field token) This field is required." in html


def test_field_label_hint_and_error_are_tied_to_the_input():
    html = render(ContactForm(data={}))

    assert '<label class="form-label fw-semibold" for="id_name">' in html
    assert 'id="id_name_helptext"' in html
    assert 'id="id_name_error"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html


def test_required_field_says_so_in_words():
    html = render(ContactForm())

    assert 'Full name <span class="chatr-required">(required)</span>' in html
    assert "Mobile <span" not in html


def test_widgets_get_bootstrap_classes_by_type():
    html = render(ContactForm(data={"mobile": "0912"}))

    assert 'class="ltr form-control"' in html
    assert 'class="form-select is-invalid"' in html
    assert 'class="form-check-input is-invalid"' in html


def test_radio_group_is_a_fieldset_with_a_legend():
    html = render(ContactForm())

    assert "<legend" in html
    assert '<label class="form-check-label" for="id_channel_1">Call</label>' in html


def test_rendering_does_not_change_the_shared_widget_attrs():
    before = dict(ContactForm.base_fields["mobile"].widget.attrs)
    form = ContactForm(data={})

    render(form)
    render(form)

    assert ContactForm.base_fields["mobile"].widget.attrs == before
    assert form.fields["mobile"].widget.attrs == before
    assert form.fields["name"].widget.attrs.get("class") is None


def test_form_prefix_keeps_error_summary_ids_unique():
    html = render(ContactForm(data={}, prefix="second"))

    assert 'id="second-error-summary-title"' in html
    assert 'href="#id_second-name"' in html
