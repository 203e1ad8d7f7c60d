"""Fixtures of the copycheck tests: a small labelled corpus from bench/copycorpus.py."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]


def load_copycorpus():
    """bench/copycorpus.py (a plain script folder, not a package)."""
    if "copycorpus" in sys.modules:
        return sys.modules["copycorpus"]
    spec = importlib.util.spec_from_file_location("copycorpus", ROOT / "bench" / "copycorpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["copycorpus"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def copycorpus():
    return load_copycorpus()


@pytest.fixture(scope="session")
def small(copycorpus):
    """(corpus, index, result) for 400 members, seed 3, every planted kind."""
    corpus = copycorpus.generate(400, 3, words=600)
    index, result = copycorpus.run_check(corpus)
    return corpus, index, result
