"""`quoteline web`: "who said something like this, in any language?" as a web page and a JSON API.

The pages and the API are thin: every answer comes from `quoteline.search.SearchService` (the same code
`quoteline similar` runs), which keeps the embedding model loaded and reads the warehouse read-only, one short
connection per request. Templates and the stylesheet are files of this package; nothing is fetched from the
network, and the per-month chart is inline SVG drawn on the server.
"""
from quoteline.web.app import create_app, serve

__all__ = ["create_app", "serve"]
