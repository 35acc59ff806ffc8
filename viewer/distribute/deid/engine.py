"""The de-identifier: PS3.15 Table E.1-1 applied to a dataset, every nested sequence included.

For each attribute the table's Basic Profile action is taken, or the action an active option gives it (K keeps,
C cleans). Where the table leaves a choice (X/Z, X/D, Z/D, X/Z/D, X/Z/U*) we take the one that keeps the object
valid without keeping anything: U when a UID is meant, else D (a dummy value) when allowed, else Z (empty).
A sequence that is kept (K, U*, or cleaned) is walked item by item with the same table. Private elements go,
except those on the safe list (numbers such as a diffusion b-value) when ``retain_safe_private`` is set.
"""

from __future__ import annotations

import copy
import re
from datetime import date, timedelta

from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.sequence import Sequence
from pydicom.tag import Tag

from viewer.distribute.deid.burned import clean_pixels, needs_review
from viewer.distribute.deid.options import BASIC_CODE, CODES, COLUMN, DeidOptions
from viewer.distribute.deid.pseudonyms import (
    Export,
    PatientEntry,
    PseudonymMap,
    remap_uid,
)
from viewer.distribute.deid.table import Rule, load_table

TEXT_VRS = {"AE", "CS", "LO", "LT", "SH", "ST", "UC", "UT", "UR", "PN"}
NUMERIC_VRS = {"DS", "IS", "FL", "FD", "SL", "SS", "UL", "US", "SV", "UV"}
DUMMY = {"AE": "ANONYMOUS", "AS": "000Y", "CS": "ANONYMIZED", "DA": "19000101", "DT": "19000101000000",
         "TM": "000000", "PN": "ANONYMIZED", "DS": "0", "IS": "0"}
SCRUBBED = "***"

# PS3.15 E.3.10 safe private attributes Cauri keeps: (private creator, group, element byte) -> what it is.
SAFE_PRIVATE = {
    ("SIEMENS MR HEADER", 0x0019, 0x0C): "diffusion b-value",
    ("SIEMENS MR HEADER", 0x0019, 0x0D): "diffusion directionality",
    ("SIEMENS MR HEADER", 0x0019, 0x0E): "diffusion gradient direction",
    ("GEMS_PARM_01", 0x0043, 0x39): "diffusion b-value (slop_int_6..9)",
    ("Philips Imaging DD 001", 0x2001, 0x03): "diffusion b-factor",
    ("Philips MR Imaging DD 001", 0x2005, 0xB0): "diffusion direction RL",
    ("Philips MR Imaging DD 001", 0x2005, 0xB1): "diffusion direction AP",
    ("Philips MR Imaging DD 001", 0x2005, 0xB2): "diffusion direction FH",
}
META_DROP = (0x00020016, 0x00020017, 0x00020018, 0x00020100, 0x00020102)  # AE titles and signatures of the sender


class Deidentifier:
    """One export's de-identifier: ``apply`` returns a de-identified copy of each dataset given, with UIDs
    consistent across the export (and across exports of a patient with ``same_uids_across_exports``)."""

    def __init__(self, options: DeidOptions, pseudonyms: PseudonymMap | None = None, purpose: str = "export",
                 export: Export | None = None):
        self.options = options
        self.pseudonyms = pseudonyms if pseudonyms is not None else PseudonymMap.in_memory()
        self.export = export or self.pseudonyms.new_export(purpose)
        self.table = load_table()
        self._columns = [COLUMN[o] for o in options.active() if o in COLUMN]

    @property
    def export_id(self) -> str:
        return self.export.export_id

    # -- public ---------------------------------------------------------------------------------------
    def apply(self, source: Dataset) -> Dataset:
        ds = copy.deepcopy(source)
        if self.options.clean_pixel_data and needs_review(ds):
            ds = clean_pixels(ds) or ds  # an unknown layout stays flagged: the reader decides (flagged_series)
        patient = self.pseudonyms.patient(str(ds.get("PatientID", "") or ""), str(ds.get("PatientName", "") or ""),
                                          str(ds.get("PatientBirthDate", "") or ""), str(ds.get("IssuerOfPatientID", "") or ""))
        if patient.key not in self.export.record["patients"]:
            self.export.record["patients"].append(patient.key)
        self.remember_study(ds)
        walk = _Walk(self, patient, _identifiers(ds))
        walk.dataset(ds)
        self._finish(ds, patient)
        meta = getattr(source, "file_meta", None)
        if meta is not None:
            ds.file_meta = copy.deepcopy(meta)
            for tag in META_DROP:
                if tag in ds.file_meta:
                    del ds.file_meta[tag]
            if "SOPInstanceUID" in ds:
                ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        return ds

    def uid(self, patient: PatientEntry, value: str) -> str:
        if self.options.retain_uids or not value:
            return value
        secret = patient.record["uid_secret"] if self.options.same_uids_across_exports else self.export.record["uid_secret"]
        new = remap_uid(secret, value)
        self.export.record["uids"][new] = value
        return new

    # -- inner ----------------------------------------------------------------------------------------
    def remember_study(self, ds: Dataset) -> None:
        """The original study header, for a reply to be put back on the study as the hospital knows it (also
        for an export sent as it is, which ``apply`` does not see)."""
        uid = str(ds.get("StudyInstanceUID", "") or "")
        if uid and uid not in self.export.record["studies"]:
            self.export.record["studies"][uid] = {k: str(ds.get(k, "") or "") for k in (
                "StudyDate", "StudyTime", "AccessionNumber", "StudyID", "StudyDescription", "ReferringPhysicianName",
                "PatientName", "PatientID", "PatientBirthDate", "PatientSex", "IssuerOfPatientID")}

    def _finish(self, ds: Dataset, patient: PatientEntry) -> None:
        ds.PatientName = patient.record["pseudo_name"]
        ds.PatientID = patient.record["pseudo_id"]
        ds.PatientIdentityRemoved = "YES"
        ds.LongitudinalTemporalInformationModified = "MODIFIED" if self.options.retain_dates else "REMOVED"
        ds.DeidentificationMethod = self.options.method_text()
        items = []
        for value, meaning in [BASIC_CODE] + [CODES[o] for o in self.options.active()]:
            item = Dataset()
            item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, "DCM", meaning
            items.append(item)
        ds.DeidentificationMethodCodeSequence = Sequence(items)


class _Walk:
    def __init__(self, deid: Deidentifier, patient: PatientEntry, identifiers: list[str]):
        self.deid = deid
        self.patient = patient
        self.scrub_pattern = re.compile("|".join(re.escape(i) for i in identifiers), re.IGNORECASE) if identifiers else None

    def dataset(self, ds: Dataset, cleaning: bool = False) -> None:
        kept_private: set[tuple[int, int]] = set()  # (group, block) whose creator stays
        for elem in list(ds):
            tag = elem.tag
            if tag.element == 0 and tag.group > 2:  # group lengths: stale once anything is removed
                del ds[tag]
                continue
            if tag.is_private:
                if self._safe_private(ds, elem):
                    kept_private.add((tag.group, tag.element >> 8))
                elif not tag.is_private_creator:
                    del ds[tag]
                continue
            rule = self.deid.table.rule(int(tag))
            if rule is None:
                if elem.VR == "SQ":
                    for item in elem.value:
                        self.dataset(item, cleaning)
                elif cleaning and elem.VR in TEXT_VRS:
                    self._scrub(elem)
                continue
            self._apply(ds, elem, rule, cleaning)
        for elem in list(ds):  # creators whose block kept nothing go too
            if elem.tag.is_private_creator and (elem.tag.group, elem.tag.element) not in kept_private:
                del ds[elem.tag]

    def _action(self, rule: Rule) -> str:
        chosen = ""
        for column in self.deid._columns:
            got = rule.options.get(column)
            if got == "K":
                return "K"
            if got == "C":
                chosen = "C"
        if chosen:
            return chosen
        action = rule.action
        if "U" in action:
            return "U"
        if "D" in action:
            return "D"
        return "Z" if "Z" in action else action

    def _apply(self, ds: Dataset, elem, rule: Rule, cleaning: bool) -> None:
        action = self._action(rule)
        vr = elem.VR
        if action == "X":
            del ds[elem.tag]
        elif vr == "SQ":
            if action in ("K", "U", "C"):
                for item in elem.value:
                    self.dataset(item, cleaning or action == "C")
            else:  # Z, or D: a dummy sequence holds nothing of the original
                elem.value = Sequence()
        elif action == "K":
            return
        elif action == "U":
            elem.value = self._uids(elem.value) if vr == "UI" else DUMMY.get(vr, "")
        elif action == "C":
            if vr in ("DA", "DT"):
                elem.value = self._shift(elem.value, vr)
            elif vr in TEXT_VRS:
                self._scrub(elem)
            elif vr != "TM" and vr not in NUMERIC_VRS:
                del ds[elem.tag]  # a bitmap (overlay) cannot be cleaned by a program: it goes
            # a time stays: the modified-dates option shifts days, not hours
        elif action == "Z":
            elem.value = Sequence() if vr == "SQ" else (None if vr not in ("OB", "OW", "UN") else b"")
        elif action == "D":
            elem.value = self._dummy(vr, elem)
        else:  # an action the table may gain one day: nothing unknown is kept
            del ds[elem.tag]

    def _dummy(self, vr: str, elem):
        if vr == "UI":
            return self._uids(elem.value)
        if vr in NUMERIC_VRS and vr not in ("DS", "IS"):
            return 0
        if vr in ("OB", "OW", "UN", "OF", "OD", "OL", "OV"):
            return b"\0\0"
        return DUMMY.get(vr, "ANONYMIZED")

    def _uids(self, value):
        if isinstance(value, (list, MultiValue)):
            return [self.deid.uid(self.patient, str(v)) for v in value]
        return self.deid.uid(self.patient, str(value))

    def _shift(self, value, vr: str):
        days = int(self.patient.record["shift_days"])
        values = list(value) if isinstance(value, (list, MultiValue)) else [value]
        out = []
        for v in values:
            text = str(v)
            try:
                d = date(int(text[0:4]), int(text[4:6]), int(text[6:8])) + timedelta(days=days)
            except (ValueError, IndexError):
                out.append(DUMMY[vr])  # not a date we can shift: nothing of it is kept
                continue
            out.append(d.strftime("%Y%m%d") + (text[8:] if vr == "DT" else ""))
        return out if len(out) > 1 else (out[0] if out else "")

    def _scrub(self, elem) -> None:
        if self.scrub_pattern is None or elem.value is None:
            return
        if isinstance(elem.value, (list, MultiValue)):
            elem.value = [self.scrub_pattern.sub(SCRUBBED, str(v)) for v in elem.value]
        else:
            elem.value = self.scrub_pattern.sub(SCRUBBED, str(elem.value))

    def _safe_private(self, ds: Dataset, elem) -> bool:
        if not self.deid.options.retain_safe_private or elem.tag.is_private_creator:
            return False
        creator_tag = Tag(elem.tag.group, elem.tag.element >> 8)
        creator = str(ds[creator_tag].value).strip() if creator_tag in ds else ""
        key = (creator, elem.tag.group, elem.tag.element & 0xFF)
        # A number only: a text element under a safe creator's name could still hold a name.
        return key in SAFE_PRIVATE and elem.VR in NUMERIC_VRS | {"UN", "OB", "FD", "FL"} and not _looks_textual(elem)


def _looks_textual(elem) -> bool:
    value = elem.value
    return isinstance(value, (bytes, bytearray)) and any(32 <= b < 127 and chr(b).isalpha() for b in bytes(value))


def _identifiers(ds: Dataset) -> list[str]:
    """What identifies the patient and the staff in this dataset, to be scrubbed from kept free text:
    name parts, IDs, birth date, accession number, every person name found anywhere in it."""
    found: set[str] = set()

    def add(text: str) -> None:
        text = text.strip()
        if len(text) >= 3:
            found.add(text)

    def walk(d: Dataset) -> None:
        for elem in d:
            if elem.VR == "SQ":
                for item in elem.value:
                    walk(item)
            elif elem.VR == "PN" and elem.value:
                for v in (elem.value if isinstance(elem.value, MultiValue) else [elem.value]):
                    for part in re.split(r"[\^=\s,]+", str(v)):
                        add(part)
    walk(ds)
    for key in ("PatientID", "AccessionNumber", "OtherPatientIDs", "PatientBirthDate", "MedicalRecordLocator",
                "PatientAddress", "PatientTelephoneNumbers", "InstitutionName", "StudyID", "AdmissionID"):
        value = ds.get(key)
        if value:
            for v in (value if isinstance(value, MultiValue) else [value]):
                add(str(v))
                if key == "PatientBirthDate" and len(str(v)) == 8:
                    s = str(v)
                    add(f"{s[6:8]}/{s[4:6]}/{s[0:4]}")
                    add(f"{s[0:4]}-{s[4:6]}-{s[6:8]}")
    return sorted(found, key=len, reverse=True)
