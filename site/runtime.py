"""How the processes that serve the site run (site/wsgi.py, site/asgi.py)."""

import gc

# A young-generation collection every 50,000 allocations instead of Python's 700. A feed of the whole
# programme makes hundreds of thousands of short-lived objects; with the default, every third such
# build set off a full collection of the worker's heap, about 100 ms on the benchmark's machine.
# bench/run.py's empty-cache feed at 5,000 events went from p50 150 / p90 265 ms to 135 / 152 ms.
# gc.freeze() after start-up was tried too: full collections got cheaper but far more frequent, and
# the median slower.
YOUNG_COLLECTION_EVERY = 50_000


def tune_garbage_collection():
    gc.set_threshold(YOUNG_COLLECTION_EVERY, 20, 10)
