"""needsfirst: needs-first response to trafficking and exploitation of migrants."""

__version__ = "0.1.0"
