"""Helpers for build.py: the esbuild driver and the size report."""
