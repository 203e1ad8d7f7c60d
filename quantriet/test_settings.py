"""Settings for the test suite: the real settings, with test-friendly defaults."""

import os
import tempfile

os.environ.setdefault("QUANTRIET_INSECURE_DEV_KEY", "1")
os.environ.setdefault("TASKS_BACKEND", "immediate")
os.environ.setdefault("QUANTRIET_DATA_DIR", tempfile.mkdtemp(prefix="quantriet-test-"))

from quantriet.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
