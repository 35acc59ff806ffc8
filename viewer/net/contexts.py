"""Presentation contexts Cauri proposes: which storage classes and transfer syntaxes.

An association carries at most 128 presentation contexts, fewer than there are storage classes, so the
list is chosen: the image and document classes a reading workstation displays. The imaging classes get
extra contexts for the lossless compressed syntaxes so that an archive which stores them compressed
can send them as they are, without decoding and re-encoding (each context carries one accepted syntax).

The lossless families come smallest first (JPEG-LS, HTJ2K, JPEG 2000, JPEG lossless, RLE: on CT
JPEG-LS gives ~0.39 of the uncompressed bytes, JPEG lossless ~0.41, RLE ~0.6): an archive that may
choose among several accepted contexts and takes the first sends the fewest bytes over a slow link.
Lossy JPEG comes last, for archives that hold images only that way. Orthanc 1.10 sends an instance as
it stores it when that syntax is accepted (its IngestTranscoding decides), and never compresses for a
C-GET: what it stores uncompressed comes uncompressed.
"""

from __future__ import annotations

from pydicom.uid import (
    JPEG2000,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRLittleEndian,
    HTJ2KLossless,
    HTJ2KLosslessRPCL,
    ImplicitVRLittleEndian,
    JPEG2000Lossless,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
    RLELossless,
)
from pynetdicom import sop_class as sc

UNCOMPRESSED = [ExplicitVRLittleEndian, ImplicitVRLittleEndian]
_COMPRESSED_FAMILIES = [
    [JPEGLSLossless, JPEGLSNearLossless],
    [HTJ2KLossless, HTJ2KLosslessRPCL],
    [JPEG2000Lossless, JPEG2000],
    [JPEGLosslessSV1],
    [RLELossless],
    [JPEGBaseline8Bit, JPEGExtended12Bit],
]
# What WADO-RS asks an archive to send (``transfer-syntax=``), smallest first; an archive that cannot
# transcode to one refuses it (406, 400, or Orthanc 1.10's 500 for JPEG 2000) and the next is asked.
LOSSLESS_WIRE = [JPEGLSLossless, HTJ2KLossless, JPEG2000Lossless]

# Classes most archives hold; each also gets one context per compressed family.
IMAGING = [
    sc.CTImageStorage,
    sc.MRImageStorage,
    sc.ComputedRadiographyImageStorage,
    sc.DigitalXRayImageStorageForPresentation,
    sc.DigitalMammographyXRayImageStorageForPresentation,
    sc.UltrasoundImageStorage,
    sc.UltrasoundMultiFrameImageStorage,
    sc.SecondaryCaptureImageStorage,
]

OTHER = [
    sc.EnhancedCTImageStorage,
    sc.EnhancedMRImageStorage,
    sc.LegacyConvertedEnhancedCTImageStorage,
    sc.LegacyConvertedEnhancedMRImageStorage,
    sc.PositronEmissionTomographyImageStorage,
    sc.EnhancedPETImageStorage,
    sc.NuclearMedicineImageStorage,
    sc.XRayAngiographicImageStorage,
    sc.EnhancedXAImageStorage,
    sc.XRayRadiofluoroscopicImageStorage,
    sc.XRay3DAngiographicImageStorage,
    sc.BreastTomosynthesisImageStorage,
    sc.DigitalXRayImageStorageForProcessing,
    sc.DigitalMammographyXRayImageStorageForProcessing,
    sc.DigitalIntraOralXRayImageStorageForPresentation,
    sc.MultiFrameGrayscaleByteSecondaryCaptureImageStorage,
    sc.MultiFrameGrayscaleWordSecondaryCaptureImageStorage,
    sc.MultiFrameTrueColorSecondaryCaptureImageStorage,
    sc.VLEndoscopicImageStorage,
    sc.VLPhotographicImageStorage,
    sc.VLMicroscopicImageStorage,
    sc.OphthalmicPhotography8BitImageStorage,
    sc.RTImageStorage,
    sc.RTDoseStorage,
    sc.RTStructureSetStorage,
    sc.RTPlanStorage,
    sc.SegmentationStorage,
    sc.ParametricMapStorage,
    sc.SpatialRegistrationStorage,
    sc.GrayscaleSoftcopyPresentationStateStorage,
    sc.KeyObjectSelectionDocumentStorage,
    sc.BasicTextSRStorage,
    sc.EnhancedSRStorage,
    sc.ComprehensiveSRStorage,
    sc.XRayRadiationDoseSRStorage,
    sc.EncapsulatedPDFStorage,
    sc.RawDataStorage,
]

STORAGE_CLASSES = IMAGING + OTHER


def storage_contexts(room: int = 127) -> list[tuple[str, list[str]]]:
    """(abstract syntax, transfer syntaxes) pairs, at most ``room`` of them, most useful first."""
    out: list[tuple[str, list[str]]] = [(uid, UNCOMPRESSED) for uid in STORAGE_CLASSES]
    for family in _COMPRESSED_FAMILIES:
        out.extend((uid, family) for uid in IMAGING)
    out.append((sc.CTImageStorage, [DeflatedExplicitVRLittleEndian]))
    return out[:room]
