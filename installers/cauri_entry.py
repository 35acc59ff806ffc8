"""The frozen build's entry point (``installers/cauri.spec``): the ``cauri`` command."""

import multiprocessing

if __name__ == "__main__":
    # Decode workers are spawned processes: in a frozen build each one re-runs this executable, which must
    # become the worker at once instead of opening a second workstation.
    multiprocessing.freeze_support()
    from viewer.cli import main

    raise SystemExit(main())
