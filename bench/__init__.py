"""Measurements and evaluations run by hand (`python -m bench.<name>`); nothing here is imported by the package."""
