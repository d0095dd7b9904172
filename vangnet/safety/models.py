"""safety models."""
