"""SUV body weight for PET (QIBA/PS3.3 C.8.9.1): SUVbw = activity concentration (Bq/ml) x weight (g)
/ injected dose decayed to the time the image values refer to (Bq).

The reference time follows Decay Correction (0054,1102): START -> the series start (Series Date/Time),
ADMIN -> the injection itself (no decay), NONE -> the acquisition time. Anything missing or odd gives
no factor and a message that says which header is missing, never a silently wrong number.

Philips PET stores its own factors in the private group "Philips PET Private Group" (7053,xx00 SUV Scale
Factor, 7053,xx09 Activity Concentration Scale Factor), both applied to the rescaled values (QIBA's
vendor-neutral SUV pseudo-code). They are used only where the standard route cannot be: Units CNTS, or
BQML with a missing standard header; the factor's message then names which source was used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from viewer.core.messages import msg


@dataclass(frozen=True)
class SuvFactor:
    factor: float | None  # multiply modality values (Bq/ml) by this to get SUVbw (g/ml)
    message: str = ""  # why there is none, or a caveat (a ``viewer.core.messages`` message)
    why: str = ""  # what the standard route lacked, without the "SUV not available" lead-in


def _unavailable(why) -> SuvFactor:
    return SuvFactor(None, msg("SUV not available: {why}", why=why), why)


def _time(value) -> tuple[int, int, int, float] | None:
    text = str(value or "").strip().replace(":", "")
    if len(text) < 2 or not text[:2].isdigit():
        return None
    main, _, frac = text.partition(".")
    try:
        h = int(main[0:2])
        m = int(main[2:4]) if len(main) >= 4 else 0
        s = int(main[4:6]) if len(main) >= 6 else 0
        f = float("0." + frac) if frac.isdigit() else 0.0
    except ValueError:
        return None
    return h, m, s, f


def _datetime(date, time) -> datetime | None:
    t = _time(time)
    if t is None:
        return None
    d = str(date or "").strip()
    try:
        day = datetime.strptime(d[:8], "%Y%m%d") if len(d) >= 8 else datetime(2000, 1, 1)
    except ValueError:
        day = datetime(2000, 1, 1)
    return day + timedelta(hours=t[0], minutes=t[1], seconds=t[2] + t[3])


def _dt(value) -> datetime | None:
    text = str(value or "").strip()
    for sign in "+-":
        if sign in text[8:]:
            text = text[: 8 + text[8:].index(sign)]  # drop a UTC offset: both ends are local times
    if len(text) < 10:
        return None
    return _datetime(text[:8], text[8:])


def _float(value) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


PHILIPS_CREATOR = "Philips PET Private Group"
PHILIPS_SUV = "Philips private SUV Scale Factor (7053,1000)"
PHILIPS_ACTIVITY = "Philips private Activity Concentration Scale Factor (7053,1009)"


def _private(ds, element: int) -> float | None:
    """A Philips PET private factor; read as text when the file's implicit VR left it as raw bytes."""
    try:
        value = ds.private_block(0x7053, PHILIPS_CREATOR)[element].value
    except (KeyError, ValueError):
        return None
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace").strip("\x00 ")
    v = _float(value)
    return v if v is not None and v > 0 else None


def suv_bw_factor(ds) -> SuvFactor:
    if str(ds.get("Modality", "")).upper() != "PT":
        return SuvFactor(None, msg("SUV applies to PET images only"))
    units = str(ds.get("Units", "")).strip().upper()
    if units == "GML":
        return SuvFactor(1.0, msg("pixel values are already SUVbw (Units GML)"))
    if units == "CNTS":
        return _philips(ds, msg("pixel units are CNTS, not BQML"))
    if units != "BQML":
        if not units:
            return _unavailable(msg("pixel units (0054,1001) are not given, not BQML"))
        return _unavailable(msg("pixel units (0054,1001) are {units}, not BQML", units=units))
    standard = _body_weight(ds, 1.0)
    if standard.factor is None and _private(ds, 0x00) is not None:
        return _philips(ds, standard.why)
    return standard


def _philips(ds, why) -> SuvFactor:
    """Philips' own factors, for when the standard route cannot be taken (``why`` says what is missing)."""
    suv = _private(ds, 0x00)
    if suv is not None:
        return SuvFactor(suv, msg("SUV from the Philips private SUV Scale Factor (7053,1000) ({why})", why=why))
    activity = _private(ds, 0x09)
    if activity is not None and str(ds.get("Units", "")).strip().upper() == "CNTS":
        found = _body_weight(ds, activity)
        if found.factor is not None:
            return SuvFactor(
                found.factor, msg("counts converted to Bq/ml by the Philips private Activity Concentration Scale Factor (7053,1009)")
            )
        return found
    return _unavailable(msg("{why}, and no Philips private SUV Scale Factor (7053,1000)", why=why))


def _body_weight(ds, to_bqml: float) -> SuvFactor:
    """The standard route; ``to_bqml`` turns the rescaled values into Bq/ml (1 for Units BQML)."""
    corrected = {str(c).strip().upper() for c in (ds.get("CorrectedImage") or [])}
    if corrected and "ATTN" not in corrected:
        return _unavailable(msg("the image is not attenuation-corrected (0028,0051)"))
    weight = _float(ds.get("PatientWeight"))
    if not weight or weight <= 0:
        return _unavailable(msg("Patient's Weight (0010,1030) is missing"))
    seq = ds.get("RadiopharmaceuticalInformationSequence")
    if not seq:
        return _unavailable(msg("no Radiopharmaceutical Information Sequence (0054,0016)"))
    info = seq[0]
    dose = _float(info.get("RadionuclideTotalDose"))
    half_life = _float(info.get("RadionuclideHalfLife"))
    if not dose or dose <= 0:
        return _unavailable(msg("Radionuclide Total Dose (0018,1074) is missing"))
    if not half_life or half_life <= 0:
        return _unavailable(msg("Radionuclide Half Life (0018,1075) is missing"))
    decay = str(ds.get("DecayCorrection", "")).strip().upper()
    if decay == "ADMIN":
        return SuvFactor(to_bqml * weight * 1000.0 / dose)
    if decay == "START":
        ref = _datetime(ds.get("SeriesDate") or ds.get("StudyDate"), ds.get("SeriesTime"))
        missing = msg("Series Time (0008,0031) is missing")
    elif decay == "NONE":
        ref = _datetime(ds.get("AcquisitionDate") or ds.get("SeriesDate"), ds.get("AcquisitionTime"))
        missing = msg("Acquisition Time (0008,0032) is missing")
    else:
        if not decay:
            return _unavailable(msg("Decay Correction (0054,1102) is not given"))
        return _unavailable(msg("Decay Correction (0054,1102) is {decay}", decay=decay))
    if ref is None:
        return _unavailable(missing)
    start = _dt(info.get("RadiopharmaceuticalStartDateTime"))
    if start is None:
        start = _datetime(ds.get("SeriesDate") or ds.get("StudyDate"), info.get("RadiopharmaceuticalStartTime"))
        if start is not None and start > ref and (start - ref) < timedelta(days=1):
            start -= timedelta(days=1)  # injected before midnight, scanned after, times without dates
    if start is None:
        return _unavailable(msg("Radiopharmaceutical Start Time (0018,1072) is missing"))
    elapsed = (ref - start).total_seconds()
    if elapsed < 0:
        return _unavailable(msg("the injection time is after the scan time"))
    decayed = dose * math.exp(-math.log(2.0) * elapsed / half_life)
    return SuvFactor(to_bqml * weight * 1000.0 / decayed)
