"""The options of PS3.15 E.3 a hospital chooses per export, the named profiles, and their CID 7050 codes."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from viewer.core.messages import msg

# CID 7050 "De-identification Method": (code value, meaning). Scheme DCM.
BASIC_CODE = ("113100", "Basic Application Confidentiality Profile")
CODES = {
    "clean_graphics": ("113103", "Clean Graphics Option"),
    "clean_structured_content": ("113104", "Clean Structured Content Option"),
    "clean_descriptors": ("113105", "Clean Descriptors Option"),
    "retain_dates": ("113107", "Retain Longitudinal Temporal Information Modified Dates Option"),
    "retain_patient_characteristics": ("113108", "Retain Patient Characteristics Option"),
    "retain_device_identity": ("113109", "Retain Device Identity Option"),
    "retain_uids": ("113110", "Retain UIDs Option"),
    "retain_safe_private": ("113111", "Retain Safe Private Option"),
    "retain_institution_identity": ("113112", "Retain Institution Identity Option"),
    "clean_pixel_data": ("113101", "Clean Pixel Data Option"),
}

# Option field -> the column name in table_e11.tsv
COLUMN = {
    "retain_dates": "dates", "retain_patient_characteristics": "patient", "retain_device_identity": "device",
    "retain_uids": "uids", "retain_institution_identity": "institution", "clean_descriptors": "descriptors", "clean_structured_content": "structured",
    "clean_graphics": "graphics",
}


@dataclass(frozen=True)
class DeidOptions:
    retain_dates: bool = False  # dates shifted by a per-patient number of days, intervals kept
    retain_patient_characteristics: bool = False  # age, sex, size, weight...
    retain_device_identity: bool = False
    retain_uids: bool = False
    retain_institution_identity: bool = False  # the hospital's name and department (a teaching file's source)
    clean_pixel_data: bool = False  # text around the declared image regions blacked out (ultrasound)
    clean_descriptors: bool = False  # descriptions kept, with the patient's identifiers scrubbed out
    clean_structured_content: bool = False  # SR content kept, cleaned the same way
    clean_graphics: bool = False  # presentation-state text and overlays kept, cleaned
    retain_safe_private: bool = True  # private elements on the safe list (b-values...) kept; all others removed
    same_uids_across_exports: bool = False  # a patient's UIDs get the same pseudonyms in every export

    def active(self) -> list[str]:
        return [f.name for f in fields(self) if f.name in CODES and getattr(self, f.name)]

    def method_text(self) -> str:
        """De-identification Method (0012,0063): LO, at most 64 characters."""
        short = {"retain_dates": "dates", "retain_patient_characteristics": "pat", "retain_device_identity": "dev",
                 "retain_uids": "uids", "retain_institution_identity": "institution", "clean_descriptors": "desc", "clean_structured_content": "sr",
                 "clean_graphics": "gfx", "retain_safe_private": "priv",
                 "retain_institution_identity": "inst", "clean_pixel_data": "pix"}
        return ("Cauri PS3.15 E basic" + "".join(f"+{short[o]}" for o in self.active()))[:64]


PROFILES = {
    # The Basic Profile alone: nothing the standard lets an option keep is kept.
    "basic": DeidOptions(retain_safe_private=False),
    # What an expert abroad needs to read: age, sex, weight; dates shifted (intervals between studies kept);
    # descriptions kept once scrubbed of the patient's identifiers.
    "second-opinion": DeidOptions(retain_dates=True, retain_patient_characteristics=True, clean_descriptors=True,
                                  clean_structured_content=True, clean_graphics=True),
    # A research export: also the device identity, and one patient's UIDs the same from one export to the next.
    "research": DeidOptions(retain_dates=True, retain_patient_characteristics=True, retain_device_identity=True,
                            clean_descriptors=True, same_uids_across_exports=True),
}

# What ``cauri export --deid-option`` and the dialogs name: the E.3 options, as command-line words.
OPTION_NAMES = tuple(f.name.replace("_", "-") for f in fields(DeidOptions) if f.name in CODES)

PROFILE_LABELS = {
    "basic": msg("Basic profile (PS3.15 E.1)"),
    "second-opinion": msg("Second opinion (age, sex, weight, shifted dates)"),
    "research": msg("Research (device identity, same pseudonyms across exports)"),
}


class UnknownProfile(ValueError):
    pass


def load_profile(name: str, **overrides: bool) -> DeidOptions:
    """The named profile's options, with ``overrides`` (option name -> bool) applied."""
    try:
        base = PROFILES[name]
    except KeyError:
        raise UnknownProfile(msg("unknown de-identification profile {name} (known: {known})", name=name,
                                 known=", ".join(PROFILES))) from None
    return replace(base, **overrides) if overrides else base
