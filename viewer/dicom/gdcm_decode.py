"""GDCM as the decoder of last resort: frames pydicom's plugins cannot decode, before they are called undecodable.

pydicom has no decoder at all for the retired JPEG processes (spectral selection 6/8, full progression
10/12, ...), its GDCM plugin refuses 12-bit JPEG Extended outright, and libjpeg (pylibjpeg) stops at
markers it finds misplaced (pydicom's JPEG-lossy.dcm). GDCM, already a dependency, reads all of these:
its JPEG codec takes the process and precision from the stream's own SOF marker, as DCMTK does. So a
frame is handed to GDCM directly (the fragments of that frame, the header's pixel format) only once
every preferred plugin has failed; nothing changes for frames the usual plugins decode.

GDCM is C++ whose bundled codecs can crash or loop on damaged data and print to stderr. It is only
used where ``decode.allow_last_resort`` was called: the isolated decode workers (``dicom.decoding``),
where a crash costs one frame and the process's stderr can be silenced for the call.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any

import numpy as np

# Retired JPEG syntaxes GDCM's dictionary lacks; their streams are ordinary JPEG of the listed process,
# which GDCM's codec decodes from the markers whatever syntax it is told (12-bit variants included).
_AS_KNOWN = {
    "1.2.840.10008.1.2.4.54": "1.2.840.10008.1.2.4.53",  # spectral selection, processes 7 & 9
    "1.2.840.10008.1.2.4.56": "1.2.840.10008.1.2.4.55",  # full progression, processes 11 & 13
    "1.2.840.10008.1.2.4.58": "1.2.840.10008.1.2.4.57",  # lossless, process 15
}
_SCALARS = {"UINT8": "u1", "INT8": "i1", "UINT16": "<u2", "INT16": "<i2", "UINT32": "<u4", "INT32": "<i4"}


class GdcmUnavailable(Exception):
    """python-gdcm is not installed, or does not know this transfer syntax."""


def _gdcm():
    try:
        import gdcm
    except ImportError:
        raise GdcmUnavailable("python-gdcm is not installed") from None
    return gdcm


def knows(ts: str) -> bool:
    """Whether GDCM has a codec for this encapsulated syntax (False when python-gdcm is absent)."""
    try:
        gdcm = _gdcm()
    except GdcmUnavailable:
        return False
    syntax = gdcm.TransferSyntax(gdcm.TransferSyntax.GetTSType(_AS_KNOWN.get(str(ts), str(ts))))
    return bool(syntax.IsEncapsulated())


def decode(fragments: list[bytes], header: dict[str, Any], ts: str, quiet: bool) -> tuple[np.ndarray, dict[str, Any]]:
    """One frame from its encapsulated fragments; ``header``: rows, columns, samples_per_pixel,
    photometric, planar_configuration, bits_allocated, bits_stored, pixel_representation.

    Returns the samples (rows x columns [x samples]) and the photometric interpretation GDCM delivered
    them in (its JPEG codec may already have converted YBR to RGB). Raises ValueError when GDCM cannot.
    """
    gdcm = _gdcm()
    ts = str(ts)
    syntax = gdcm.TransferSyntax(gdcm.TransferSyntax.GetTSType(_AS_KNOWN.get(ts, ts)))
    if not syntax.IsEncapsulated():
        raise GdcmUnavailable(f"GDCM has no codec for {ts}")
    rows, cols, spp = header["rows"], header["columns"], header["samples_per_pixel"]
    sequence = gdcm.SequenceOfFragments.New()
    for data in fragments:
        fragment = gdcm.Fragment()
        fragment.SetByteStringValue(bytes(data))
        sequence.AddFragment(fragment)
    element = gdcm.DataElement(gdcm.Tag(0x7FE0, 0x0010))
    element.SetValue(sequence.__ref__())
    image = gdcm.Image()
    image.SetNumberOfDimensions(2)
    image.SetDimensions((cols, rows, 1))
    image.SetDataElement(element)
    pi_type = gdcm.PhotometricInterpretation.GetPIType(header["photometric"])
    image.SetPhotometricInterpretation(gdcm.PhotometricInterpretation(pi_type))
    if spp > 1:
        image.SetPlanarConfiguration(header["planar_configuration"])
    image.SetTransferSyntax(syntax)
    bits_stored = header["bits_stored"]
    image.SetPixelFormat(gdcm.PixelFormat(spp, header["bits_allocated"], bits_stored, bits_stored - 1,
                                          header["pixel_representation"]))
    with _stderr_silenced(quiet):
        buffer = image.GetBuffer()
    if buffer is None:
        raise ValueError("GDCM could not decode it either")
    data = buffer.encode("utf-8", "surrogateescape")  # GDCM hands char* back as str
    dtype = _SCALARS.get(image.GetPixelFormat().GetScalarTypeAsString())
    if dtype is None:
        raise ValueError(f"GDCM returned {image.GetPixelFormat().GetScalarTypeAsString()} samples")
    out_spp = image.GetPixelFormat().GetSamplesPerPixel()
    count = rows * cols * out_spp
    if len(data) < count * np.dtype(dtype).itemsize:
        raise ValueError("GDCM returned fewer samples than the image has")
    arr = np.frombuffer(data, dtype=dtype, count=count)
    arr = arr.reshape(rows, cols, out_spp) if out_spp > 1 else arr.reshape(rows, cols)
    if not arr.dtype.isnative:
        arr = arr.astype(arr.dtype.newbyteorder("="))
    photometric = str(image.GetPhotometricInterpretation()).strip() or header["photometric"]
    return arr, {"photometric_interpretation": photometric}


@contextmanager
def _stderr_silenced(quiet: bool):
    """GDCM's bundled libjpeg prints each failed attempt ("Unsupported JPEG data precision 12") to the
    process's stderr; in a decode worker that would land on the reader's terminal for a frame that in
    the end decodes. The reason of a real failure comes back as the exception instead."""
    if not quiet:
        yield
        return
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
