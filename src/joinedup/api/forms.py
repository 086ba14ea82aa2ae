"""The form that makes an app API token."""

from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="So that you can tell your tokens apart, for example “Weekly events export”",
        max_length=100,
        error_messages={
            "required": "Enter what the token is for",
            "max_length": "What the token is for must be 100 characters or fewer",
        },
    )
    access = forms.ChoiceField(
        label="What may the token do?",
        choices=[
            ("read", "Read only"),
            ("write", "Read, and change the status of actions you may update"),
        ],
        initial="read",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what the token may do",
            "invalid_choice": "Select what the token may do",
        },
    )
