"""Flagged key images -> a Key Object Selection document (TID 2010, "Of Interest"), built with highdicom.

highdicom references whole instances; for frames of a multi-frame image the Referenced Frame Number is
added to that image's content item afterwards, since a key frame of a cine loop is what was flagged.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from highdicom.ko import KeyObjectSelection, KeyObjectSelectionDocument
from highdicom.sr import DeviceObserverIdentifyingAttributes, ObserverContext
from pydicom.dataset import Dataset
from pydicom.sr.codedict import codes

from viewer.dicom.findings.common import (
    DEVICE_UID,
    MANUFACTURER,
    MODEL_NAME,
    SOFTWARE_VERSION,
    is_multiframe,
)
from viewer.dicom.findings.records import ImageRef


def build_key_object_selection(
    key_images: Sequence[ImageRef],
    headers: Mapping[str, Dataset],
    series_uid: str,
    series_number: int,
    sop_uid: str,
    instance_number: int,
    description: str | None = None,
) -> KeyObjectSelectionDocument:
    order: list[str] = []
    frames: dict[str, list[int]] = {}
    for ref in key_images:
        if ref.sop_uid not in frames:
            order.append(ref.sop_uid)
            frames[ref.sop_uid] = []
        frames[ref.sop_uid].append(ref.frame_number)
    objects = [headers[uid] for uid in order]
    device = ObserverContext(
        observer_type=codes.DCM.Device,
        observer_identifying_attributes=DeviceObserverIdentifyingAttributes(
            uid=DEVICE_UID, name=MANUFACTURER, manufacturer_name=MANUFACTURER, model_name=MODEL_NAME
        ),
    )
    content = KeyObjectSelection(
        document_title=codes.DCM.OfInterest,
        referenced_objects=objects,
        observer_device_context=device,
        description=description or None,
    )
    doc = KeyObjectSelectionDocument(
        evidence=objects,
        content=content,
        series_instance_uid=series_uid,
        series_number=series_number,
        sop_instance_uid=sop_uid,
        instance_number=instance_number,
        manufacturer=MANUFACTURER,
        series_description="Cauri key images",
        manufacturer_model_name=MODEL_NAME,
        software_versions=SOFTWARE_VERSION,
    )
    for item in doc.ContentSequence:
        if item.get("ValueType") != "IMAGE":
            continue
        ref = item.ReferencedSOPSequence[0]
        ds = headers.get(ref.ReferencedSOPInstanceUID)
        if ds is not None and is_multiframe(ds):
            ref.ReferencedFrameNumber = sorted(set(frames[ref.ReferencedSOPInstanceUID]))
    return doc
