"""The leads module's API: types, lists, mutations."""
