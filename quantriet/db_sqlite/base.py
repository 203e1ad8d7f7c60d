"""Django's SQLite backend, told the real bound-parameter limit of the linked SQLite.

Django 5.2 assumes 999 parameters per statement (SQLite's limit before 3.32), so a
bulk_create of members is cut into batches of ~66 rows. SQLite ≥ 3.32 allows 32,766 by
default; Django 6.0 asks the library (sqlite3.Connection.getlimit) instead, as we do here.
"""

import sqlite3

from django.db.backends.sqlite3 import base, features


class DatabaseFeatures(features.DatabaseFeatures):
    @property
    def max_query_params(self) -> int:
        conn = self.connection.connection
        if conn is not None and hasattr(conn, "getlimit"):
            # Stay below the limit: Django adds a few parameters of its own to some queries.
            return max(999, conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) - 16)
        return 999


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
