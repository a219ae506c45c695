"""Entente's core: reading, extraction, storage and analytics, free of any UI."""
