"""Tests for lib/readers/, one file a module."""
