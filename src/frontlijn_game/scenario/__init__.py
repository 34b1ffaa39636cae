"""scenario room."""
