"""pydicom-only DICOM knowledge: headers, pixel pipeline, geometry, the demo study. No Qt, no VTK."""
