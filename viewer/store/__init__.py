"""The local study cache: SQLite index + crash-safe file store, and the importers that fill it.

Public surface (used by the CLI, the model and the UI):
    StudyCache(root)                       open (create) the cache under ``root``
    StudyCache.find_studies(StudyQuery)    -> list[StudyRecord]
    StudyCache.series_of(study_uid)        -> list[SeriesRecord]
    StudyCache.instances_of(series_uid)    -> list[InstanceRecord]
    import_paths(cache, paths, ...)        -> ImportReport
"""

from viewer.store.records import (  # noqa: F401
    ImportReport,
    InstanceRecord,
    Rejection,
    SeriesRecord,
    StudyQuery,
    StudyRecord,
)
