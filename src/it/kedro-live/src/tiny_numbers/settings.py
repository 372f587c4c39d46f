"""Kedro's defaults are enough for this project."""
