"""One initial revision per group of tables; later revisions extend each group's branch."""
