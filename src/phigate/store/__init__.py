"""Database engine and tables."""
