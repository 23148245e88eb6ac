"""Keep pytest out of the benchmark suite: it is run by `python -m tests.benchmarks.run`.

The smoke test in tests/test_benchmarks_smoke.py runs it at a tiny size instead.
"""

collect_ignore_glob = ["*.py"]
