"""Return requests and claims in the API."""
