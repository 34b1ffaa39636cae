"""The HTML door: server-rendered pages over the same application layer as the terminal."""
