"""Widgets of the trainee app: charts, meters, the dossier."""
