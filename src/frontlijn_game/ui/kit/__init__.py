"""The kit both rooms of the Textual door build from (trainee screens and leader screens
import it, never each other): meters, the balance chart, the dossier, scene text and the
command palette's provider."""
