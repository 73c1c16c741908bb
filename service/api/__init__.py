"""The JSON API, versioned under /api/v1, with the same operations as the pages and the command line."""
