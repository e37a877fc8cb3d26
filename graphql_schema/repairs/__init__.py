"""Warranties and repair orders in the API."""
