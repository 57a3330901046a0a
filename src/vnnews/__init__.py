"""vnnews: Vietnamese news event engine.

The verbs of the command line are functions here too::

    import vnnews
    vnnews.ingest(["examples/seeds"], db="news.db")
    for card in vnnews.export(db="news.db"):
        print(card["title"], card["date"])
"""
# The readers live in the sub-package ``vnnews.ingest`` and full-text search in the
# module ``vnnews.search``; load both before the verbs of the same names are bound here,
# so that a later ``import vnnews.ingest.…`` / ``vnnews.search`` cannot replace them.
# Code that needs those modules imports from them (``from vnnews.search import …``).
from . import ingest as _readers_package  # noqa: F401
from . import search as _search_module  # noqa: F401
from .engine import article, crawl, events, export, ingest, search, show, summarize

__version__ = "0.1.0"
__all__ = ["ingest", "crawl", "export", "events", "show", "summarize", "search", "article", "__version__"]
