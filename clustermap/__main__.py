"""``python -m clustermap``: the same command-line interface as ``clustermap``."""

from clustermap.cli import main

if __name__ == "__main__":  # pragma: no cover - exercised through subprocess tests
    main()
