"""The application layer: what each user can do, as functions over the store and engine.

Every door (the Textual app, the browser door, the command line) calls these and nothing
below them that touches the database; they own the transactions and return plain data.
Nothing here imports Textual or a door.
"""
