"""authoring room."""
