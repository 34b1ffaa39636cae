"""The kit both rooms of the Textual door build from (trainee screens and leader screens
import it, never each other): meters, the balance chart, the dossier, scene text, the
best-continuation wording, the yes/no and pick-one dialogs and the command palette's
provider."""
