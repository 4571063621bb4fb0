"""Pure text stages: sentence splitting and speech normalization for Indonesian news."""
