"""``cauri bench``: Cauri measured side by side with the fastest peers, in the same run.

One module per case (``case_<name>.py``, each exposing ``run(ctx) -> list[Measurement]``), a runner that
prepares the inputs and prints the table, and the helpers they share:

    results.py       Measurement rows, the table and the JSON schema
    timing.py        clocks, percentiles, peak RSS, subprocess workers
    synthetic_ct.py  fast synthetic 512x512 int16 CT series
    synthetic_big.py the biggest studies (PET, US cine, mammography, tomosynthesis) for ``big``
    big_window.py    the ``big`` case's window worker (first images, cine, MPR, UI latency)
    inputs.py        generated inputs (plain, compressed, imported into a scratch cache), reused per home
    loading.py       Cauri's loading paths (FrameLoader, Volume) driven as the GUI drives them
    index_rows.py    millions of synthetic index rows written by SQL for the index case
    orthanc.py       a locked-down Orthanc on loopback for the retrieve case
    runner.py        case order, context, table and JSON output

Timings are never asserted anywhere: they depend on the machine. Tests check the plumbing only.
"""

CASES = ("load", "decode", "open", "retrieve", "import", "memory", "index", "render", "measure", "gsps", "reading",
         "sync", "big")
