"""The radiology report (compte rendu), without a window: MRRT templates, the report's states and its
crash-safe drafts, the DICOM objects it is stored as (TID 2000 Enhanced SR, Encapsulated PDF), reading
other systems' reports, its status for the study list, and HL7 v2.5 ORU^R01 delivery through a
persistent outbox over MLLP."""
