"""Gunicorn configuration for ``BENCH_PROFILE=1 make bench BENCH=surveys``: every worker runs
under cProfile and writes its statistics to ``BENCH_PROFILE_DIR`` when it stops. The profiler
slows the server down: figures of a profiled run are for finding where the time goes, not for
comparing with the targets."""

import cProfile
import os


def post_fork(server, worker):
    worker.dv_profile = cProfile.Profile()
    worker.dv_profile.enable()


def worker_exit(server, worker):
    worker.dv_profile.disable()
    worker.dv_profile.dump_stats(
        os.path.join(os.environ["BENCH_PROFILE_DIR"], f"worker-{worker.pid}.prof")
    )
