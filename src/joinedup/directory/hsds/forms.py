"""Form of the Open Referral import."""

from django import forms


class HsdsUploadForm(forms.Form):
    """Choose an HSDS 3.0 file: JSON, or a zip of the tabular package's CSV files."""

    file = forms.FileField(
        label="Upload Open Referral UK data",
        help_text="HSDS 3.0 JSON (a service, organisation or list of them) or a zip file of the "
        "tabular package (CSV files and datapackage.json).",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.zip,application/json"}),
    )
