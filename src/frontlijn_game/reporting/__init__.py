"""reporting room: what course leaders read out of the progress database.

Imports ``store``, ``engine`` and ``scenario`` only (import-linter layers). Every query
function takes a SQLAlchemy ``Session`` (``Store.db.read(lambda s: ...)``) and returns
plain frozen data with a ``to_json()``:

- ``matrix.progress_matrix`` — trainees x cases of a cohort with pass-rule status
  (rows built lazily, a chunk at a time); ``matrix.write_matrix_csv``.
- ``detail.trainee_detail`` — every attempt of a trainee; ``detail.attempt_replay`` —
  one attempt step by step on its snapshot, with the best continuation per step.
- ``options.option_distribution`` — per decision point, what the cohort chose.
- ``items.item_statistics`` — facility, discrimination, spread of totals, verdicts.
- ``csv_export.export_csv`` — ``attempts.csv`` and ``decisions.csv``.
- ``xapi`` — xAPI 1.0.3 statements, validation and an LRS client.
"""
