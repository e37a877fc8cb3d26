"""Whole-list exports (CSV, XLSX) of the records a member may export, as their list shows them.

``lists.py`` declares what can be exported (columns, filters, orderings per list), ``query.py``
turns a list's filter / search / ordering into the member's ``export``-scoped queryset,
``writers.py`` streams rows out, and ``views.py`` is the tenant host's ``/exports/…`` endpoint.
Field rules hold: a column whose field the member's role hides is never written.
"""
