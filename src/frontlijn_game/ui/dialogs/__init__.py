"""Modal dialogs (``ModalScreen[T]``): each returns a typed answer to its caller."""
