"""Whole-list exports (CSV, XLSX) of the records a member may export, as their list shows them.

``lists.py`` says what an exportable list is (columns, the API's root list of each mode; modules
declare theirs in ``saas.modules.Module.exports``), ``files.py`` picks the columns (hidden ones left
out), narrows to the ``export`` scope and answers with the file, ``writers.py`` streams rows out.
Which rows: the list's own resolver decides (``graphql_schema.core.exports``, the endpoint).
"""
