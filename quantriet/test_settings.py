"""Settings for the test suite: the real settings, with test-friendly defaults."""

import os
import tempfile

os.environ.setdefault("QUANTRIET_INSECURE_DEV_KEY", "1")
os.environ.setdefault("TASKS_BACKEND", "immediate")
os.environ.setdefault("QUANTRIET_DATA_DIR", tempfile.mkdtemp(prefix="quantriet-test-"))

from quantriet.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# One process: its own changes forget its grants at once (hotcache.changed). Checking the
# shared epoch on a timer would add a query at random to the query-count tests; the tests
# of the cross-process path turn it on (quantriet/tests/test_hotcache.py).
ACCESS_EPOCH_CHECK_SECONDS = -1
