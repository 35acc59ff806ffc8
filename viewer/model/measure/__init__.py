"""Measurement tools below the UI: geometry, calibration, values, SUV, editing, drawing, DICOM I/O.
The stable surface is ``viewer.model.measurements``."""
