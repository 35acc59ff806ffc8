"""Cauri: a diagnostic DICOM reading workstation."""

__version__ = "0.1.0"
APP_NAME = "Cauri"
