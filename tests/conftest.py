import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "seeds"
DATA = ROOT / "tests" / "data"
SEED_IDS = ("000_69dc071e8ae462b1", "001_ff470c2923c8895d")


@pytest.fixture
def seeds_dir() -> pathlib.Path:
    return SEEDS


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "test.db")


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> str:
    """A database with the two seeds ingested once (shared, read-only use)."""
    import vnnews

    path = str(tmp_path_factory.mktemp("seed") / "seed.db")
    res = vnnews.ingest([str(SEEDS / f"{i}.txt") for i in SEED_IDS], db=path)
    assert res.stored == 2, res.drops
    return path


@pytest.fixture(scope="session")
def seed_card(seed_db) -> dict:
    import vnnews

    cards = list(vnnews.export(db=seed_db))
    assert len(cards) == 1, [c["title"] for c in cards]
    return cards[0]


os.environ.pop("VNNEWS_DB", None)
