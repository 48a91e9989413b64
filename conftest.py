"""Settings for the whole test run.

Hypothesis's per-example deadline measures wall time, which on a shared two-core machine
(and in CI, with pytest-xdist beside a database) says more about the load than about the
code; speed is measured by the benchmarks under bench/, never by tests.
"""

from hypothesis import settings

settings.register_profile("needsfirst", deadline=None)
settings.load_profile("needsfirst")
