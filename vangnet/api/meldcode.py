"""meldcode API routes."""
