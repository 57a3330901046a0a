"""vnnews: Vietnamese news event engine.

The verbs of the command line are functions here too::

    import vnnews
    vnnews.ingest(["examples/seeds"], db="news.db")
    for card in vnnews.export(db="news.db"):
        print(card["title"], card["date"])
"""
# The readers live in the sub-package ``vnnews.ingest``; load it before the verb of the
# same name is bound here, so that a later ``import vnnews.ingest.…`` cannot replace it.
from . import ingest as _readers_package  # noqa: F401
from .engine import article, events, export, ingest, search, show, summarize

__version__ = "0.1.0"
__all__ = ["ingest", "export", "events", "show", "summarize", "search", "article", "__version__"]
