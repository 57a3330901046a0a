"""Web page of ``vnnews serve``: Jinja templates, static files and the view helpers.

The routes live in :mod:`vnnews.api`; :mod:`vnnews.web.views` turns engine data into
plain values (strings, numbers, coordinates) that the autoescaping templates render.
Nothing here ever builds markup from strings.
"""
from __future__ import annotations

from pathlib import Path

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"

__all__ = ["WEB_DIR", "TEMPLATES_DIR", "STATIC_DIR"]
