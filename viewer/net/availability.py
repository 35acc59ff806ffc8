"""How much of a remote result the cache already holds: remote, partial or local."""

from __future__ import annotations


def mark_availability(cache, rows: list[dict], level: str) -> None:
    """Set ``row["local"]`` to "remote", "partial" or "local" for each study, series or image row."""
    for r in rows:
        if level == "IMAGE":
            r["local"] = "local" if cache.has_instance(r["sop_uid"]) else "remote"
            continue
        if level == "STUDY":
            held = cache.study(r["study_uid"])
            have = held.instance_count if held else 0
        else:
            have = sum(1 for _ in cache.instances_of(r["series_uid"]))
        total = r.get("instance_count")
        r["local"] = "remote" if not have else ("local" if total is not None and have >= int(total) else "partial")
