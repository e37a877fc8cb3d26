"""The catalogue in the API: products, price books, quotes and orders."""
