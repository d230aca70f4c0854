"""The web dashboard: the report, live, for any date, plus a JSON API over the same results."""

from accord.web.app import create_app

__all__ = ["create_app"]
