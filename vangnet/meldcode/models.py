"""meldcode models."""
