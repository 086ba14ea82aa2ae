"""The `cafe` management command."""
