"""The benchmark suite (`python -m tests.benchmarks.run`); never collected by pytest."""
