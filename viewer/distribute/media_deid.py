"""De-identification for patient media (``cauri export --deidentify``, « Graver / Exporter… »): the Annex E
engine as the media writer's per-dataset transform, and the series that need the reader's eyes first.

Both entry points (command line and window) use this one place, so they refuse and transform alike."""

from __future__ import annotations

from viewer.distribute.deid import Deidentifier, PseudonymMap, load_profile
from viewer.distribute.second_opinion.request import flagged_series


def burned_in_series(cache, study_uids, clean_pixel_data: bool = False) -> list[tuple[str, str]]:
    """(series UID, reason) of the studies' series whose pixels may carry text (US, secondary captures...):
    the tag-level profile cannot remove what is burned into the image; with ``clean_pixel_data``, images
    whose layout their header declares are cleaned on the way out and not listed."""
    return [f for uid in study_uids if cache.study(uid) is not None
            for f in flagged_series(cache, uid, clean_pixel_data=clean_pixel_data)]


def media_deidentifier(profile: str, paths, **options: bool):
    """(transform, pseudonyms) for one export: ``transform`` de-identifies each dataset (UIDs consistent within
    the export); ``pseudonyms.save()`` once the media is complete keeps the link back on this workstation only.
    ``options`` (a ``DeidOptions`` field -> bool) change the profile's. An unknown profile raises
    ``options.UnknownProfile`` (its message says which exist)."""
    chosen = load_profile(profile, **options)
    pseudonyms = PseudonymMap.open(paths.ensure())
    return Deidentifier(chosen, pseudonyms, purpose="media").apply, pseudonyms
