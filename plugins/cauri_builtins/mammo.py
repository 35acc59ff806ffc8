"""Mammography views: one stack per breast and projection (R CC, L CC, R MLO, L MLO...).

Mammography units often file the four views of a screening in one series; its description ("MAMMO BILAT")
then says nothing of the view, and a hanging protocol matching descriptions cannot place them. Each image
says its own: Image Laterality (0020,0062), else Laterality (0020,0060), and View Position (0018,5101), else
the View Code Sequence's meaning (CID 4014). The view is kept with the stack (``extra["view"]``, "R CC") for
the protocols' ``view`` rule, and said in its description.
"""

from __future__ import annotations

import pydicom

from viewer.plugin_api import FrameRef, ImageStack, InstanceInput, SeriesInput, msg

# CID 4014 meanings and View Position values -> the abbreviation readers use (ACR BI-RADS).
_VIEWS = {"CC": "CC", "CRANIO-CAUDAL": "CC", "MLO": "MLO", "MEDIO-LATERAL OBLIQUE": "MLO", "ML": "ML",
          "MEDIO-LATERAL": "ML", "LM": "LM", "LATERO-MEDIAL": "LM", "XCCL": "XCCL",
          "CRANIO-CAUDAL EXAGGERATED LATERALLY": "XCCL", "XCCM": "XCCM",
          "CRANIO-CAUDAL EXAGGERATED MEDIALLY": "XCCM", "SIO": "SIO", "FB": "FB", "LMO": "LMO"}
_TAGS = ["ImageLaterality", "Laterality", "ViewPosition", "ViewCodeSequence"]


def view_of(path) -> str | None:
    """"R CC", "L MLO"... for one mammogram; None when its header does not say both."""
    try:
        ds = pydicom.dcmread(path, stop_before_pixels=True, specific_tags=_TAGS)
    except Exception:  # unreadable now: the image loader says why when it is shown
        return None
    side = str(ds.get("ImageLaterality", "") or ds.get("Laterality", "") or "").strip().upper()
    view = str(ds.get("ViewPosition", "") or "").strip().upper()
    if not view:
        codes = ds.get("ViewCodeSequence") or []
        view = str(codes[0].get("CodeMeaning", "") or "").strip().upper() if codes else ""
    view = _VIEWS.get(view, "")
    return f"{side} {view}" if side in ("R", "L", "B") and view else None


def view_stacks(series: SeriesInput, images: list[InstanceInput], views) -> list[ImageStack] | None:
    """One stack per view of ``series``'s single-frame mammograms (``views``: path -> ``view_of``), in the
    order readers hang them (R before L, CC before MLO); None when any image does not say its view."""
    named = {}
    for inst in images:
        view = views(inst.path)
        if view is None:
            return None
        named.setdefault(view, []).append(inst)
    order = {"R": 0, "L": 1, "B": 2}
    keys = sorted(named, key=lambda v: (order.get(v[0], 3), v.split(" ", 1)[1] != "CC", v))
    total = len(keys)
    stacks = []
    for n, view in enumerate(keys):
        members = sorted(named[view], key=lambda i: (i.instance_number is None, i.instance_number or 0, i.sop_uid))
        stacks.append(ImageStack(
            uid=f"{series.series_uid}#{view.replace(' ', '-')}" if total > 1 else series.series_uid,
            study_uid=series.study_uid, series_uid=series.series_uid, modality=series.modality, number=series.number,
            description=msg("{description} ({label})", description=series.description, label=view)
            if series.description else view,
            frames=tuple(FrameRef(i.path, 0, i.sop_uid, i.instance_number) for i in members),
            orientation=members[0].orientation, positions=tuple(i.position for i in members),
            extra={"label": view, "view": view, "instances": len(members)},
        ))
    return stacks
