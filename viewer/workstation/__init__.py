"""The workstation without its window (no Qt): the study cache, plugins and frame loader, background jobs,
the retrieve queue and storage listener, the open study and the view state of every viewport, MPR and 3-D
sessions, the measuring tool, and the patient-safety rules. ``service.Workstation`` is the entry point."""
