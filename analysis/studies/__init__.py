"""One module per analysis: pure functions that compute its tables, its claim rows and its figures."""
