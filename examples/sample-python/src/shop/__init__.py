"""A tiny shop cart."""
