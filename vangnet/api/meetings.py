"""meetings API routes."""
