"""The version of clustermap: one place, read by the package, the CLI and every output."""

__version__ = "0.1.0"
