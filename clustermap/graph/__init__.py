"""Pure network analysis: a graph in, values keyed by firm out. No files, no printing."""
