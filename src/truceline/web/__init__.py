"""The dashboard: server-rendered pages (Jinja2, autoescaped) and small scripts.

pages.py              the page routes: dashboard, article, login, API docs
review.py             the review page (/review; static/review.js, review.css)
templates/            Jinja2 templates
static/app.js         map, timeline and evidence panel (plain JS, no build step)
static/vendor/        Leaflet, world-atlas country outlines, Swagger UI: served
                      from here, never from a CDN (see each folder's LICENSE)
"""

from __future__ import annotations

from pathlib import Path

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
TEMPLATES_DIR = WEB_DIR / "templates"
