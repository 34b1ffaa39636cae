"""The trainee's modal dialogs (``ModalScreen[T]``): each returns a typed answer to its
caller. Dialogs a leader screen uses too (yes/no, pick one) are in ``ui/kit``."""
