"""The journal's storage: the only package that knows SQL (sqlite3, sqlcipher3, sqlite-utils)."""
