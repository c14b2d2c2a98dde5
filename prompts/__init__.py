"""Jinja2 prompt templates, one per agent (package data)."""
