"""Qt- and VTK-free foundations: paths, settings, logging, jobs."""
