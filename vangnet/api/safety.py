"""safety API routes."""
