"""Findings as standard DICOM, pydicom/highdicom only: TID 1500 SR, GSPS and KO writers and readers,
SR documents and encapsulated PDF for a document view. Plain records in ``records``; the model-level
API (computing values, the cache) is ``viewer.model.measurements``."""
