.PHONY: check test lint bench
lint:
	ruff check src tests
	ruff format --check src
	lint-imports
	mypy  # src and tests: files in pyproject.toml
test:
	python -m pytest -q
check: lint test
bench:
	python bench/bench_validate.py
	python bench/bench_engine.py
	python bench/bench_paths.py
	python bench/bench_assessment.py
	python bench/bench_store.py
	python bench/bench_tui.py
