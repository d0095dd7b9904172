"""Family routes: filled in by the API work."""
