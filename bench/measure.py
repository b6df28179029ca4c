"""Run one command as this process's only child; print its wall time and peak RSS as JSON.

    python bench/measure.py CMD [ARG ...]

Prints {"seconds", "cpu_seconds", "peak_rss_mib", "returncode", "stderr"} on one line. The
peak resident set size is getrusage(RUSAGE_CHILDREN).ru_maxrss after the child has been waited
for: with a single child that is exactly the child's own peak, so every measurement is isolated
from the others and from the benchmark driver. The CPU seconds (user and system) are the
child's and its own waited-for children's (kemixl's reading processes): on a machine shared
with others the wall time grows with their load, the CPU time much less. The child's standard output is discarded; the last lines of its
standard error are kept for diagnosis. Exits 0 whenever it could measure (the child's exit code
is in the JSON), 2 on bad usage.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def peak_rss_mib() -> float:
    """The largest waited-for child's peak RSS: KiB on Linux, bytes on macOS."""
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    start = time.perf_counter()
    child = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    stderr = child.stderr.decode("utf-8", "replace").splitlines()[-20:]
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": usage.ru_utime + usage.ru_stime,
                "peak_rss_mib": peak_rss_mib(),
                "returncode": child.returncode,
                "stderr": "\n".join(stderr),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
