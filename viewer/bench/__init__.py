"""``cauri bench``: Cauri measured side by side with the fastest peers, in the same run.

One module per case (``case_<name>.py``, each exposing ``run(ctx) -> list[Measurement]``), a runner that
prepares the inputs and prints the table, and the helpers they share:

    results.py       Measurement rows, the table and the JSON schema
    timing.py        clocks, percentiles, peak RSS, subprocess workers
    synthetic_ct.py  fast synthetic 512x512 int16 CT series
    synthetic_slide.py  a 100,000 x 100,000 slide pyramid of repeating JPEG tiles, costing no disk
    synthetic_big.py the biggest studies (PET, US cine, mammography, tomosynthesis) for ``big``
    big_window.py    the ``big`` case's window worker (first images, cine, MPR, UI latency)
    inputs.py        generated inputs (plain, compressed, imported into a scratch cache), reused per home
    loading.py       Cauri's loading paths (FrameLoader, Volume) driven as the GUI drives them
    index_rows.py    millions of synthetic index rows written by SQL for the index case
    orthanc.py       a locked-down Orthanc on loopback for the retrieve and link cases
    slow_link.py     a rate-limiting, delaying TCP proxy (bandwidth, RTT, stalls) for the link case
    first_image.py   a retrieve timed to its first image on screen and to its end; getscu timed alike
    runner.py        case order, context, table and JSON output

Like for like: a row's two sides do the same work at the same quality, with the same statistic (best of or
median of the same number of runs), and its note says what each side did (threads, warm-up, statistic,
quality). Where they cannot (a peer that is all-core or single-threaded, a peer that only runs as a process,
an interaction frame steered to a target), the row says so and a row beside it gives the like-for-like figure
(one worker; the peer less its process start-up; the draft frame against its target, not the peer).

Timings are never asserted anywhere: they depend on the machine; the wall-clock checks tests once made are
rows here. Tests check the plumbing and correctness: every case runs at a tiny size and fails on a
correctness flag in a note (``results.FLAG_WORDS``: wrong voxels or results, a blank frame, an incomplete run).
"""

CASES = ("load", "decode", "open", "retrieve", "link", "import", "memory", "index", "render", "measure", "gsps",
         "reading", "sync", "big", "slide", "evict")
