"""The app API's routers, one module per app it reads (mounted in api/v1.py)."""
