"""Contracts and customer development plans in the API."""
