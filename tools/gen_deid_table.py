"""Regenerate ``viewer/distribute/deid/table_e11.tsv``: PS3.15 Table E.1-1 as Cauri applies it.

Source of the Basic Profile actions: the ``dicom-anonymizer`` package (BSD, KitwareMedical), whose
``dicomfields_2026c`` module is generated from the DICOM standard's own Part 15 (edition 2026c). Pydicom does
not ship the table. That module lists only the Basic Profile column; the option columns (retain dates, patient
characteristics, device identity, institution identity, UIDs, clean descriptors / structured content / graphics) are derived here by
the rules of E.3 that the standard states for whole kinds of attributes, written out below so a reviewer can
check them, and kept in the same file (column ``options``).

Run: ``python tools/gen_deid_table.py`` (needs ``pip install dicom-anonymizer``, the ``deid-peers`` extra).
"""

from __future__ import annotations

import re
from pathlib import Path

from dicomanonymizer.dicom_anonymization_databases import dicomfields_2026c as source
from pydicom.datadict import dictionary_VR, keyword_for_tag

OUT = Path(__file__).resolve().parents[1] / "viewer" / "distribute" / "deid" / "table_e11.tsv"
EDITION = "2026c"

GROUPS = {
    "D_TAGS": "D", "Z_TAGS": "Z", "X_TAGS": "X", "U_TAGS": "U", "Z_D_TAGS": "Z/D", "X_Z_TAGS": "X/Z",
    "X_D_TAGS": "X/D", "X_Z_D_TAGS": "X/Z/D", "X_Z_U_STAR_TAGS": "X/Z/U*",
}

# E.3.6 Retain Patient Characteristics: the attributes the standard lets this option keep (K) or clean (C).
PATIENT_CHARACTERISTICS = {
    0x00101010: "K", 0x00100040: "K", 0x00101020: "K", 0x00101030: "K", 0x00102160: "K", 0x001021A0: "K",
    0x001021C0: "K", 0x00102203: "K", 0x00101022: "K", 0x00101023: "K", 0x00101024: "K",
    0x00102110: "C", 0x00380500: "C", 0x00380050: "C",
}
DEVICE_WORDS = re.compile(r"\b(Device|Station|Lens|Detector|Cassette|Plate|Gantry|Generator|Source Serial|Serial|"
                          r"Scanner|Transducer|Manufacturer|Camera|Equipment|Machine|Tube)\b")
DESCRIPTOR_WORDS = re.compile(r"\b(Description|Comments?|Text|History|Diagnos[ie]s|Reason|Remarks|Notes?|Label|"
                              r"Title|Additional|Protocol Name|Findings|Impressions|Interpretation|Allergies|Alerts|"
                              r"Instructions?|Procedure|Purpose|Contrast|Agent|Condition|Occupation|Note|Message)\b",
                              re.IGNORECASE)
# A shifted birth date still narrows who the patient is; the age (Retain Patient Characteristics) says enough.
BIRTH = {0x00100030, 0x00100032}
# Descriptions that name a device but describe what was done with it: Clean Descriptors, not Device Identity.
NOT_DEVICE = {0x00181400, 0x0016004B, 0x00500021, 0x00203401}
# Never a descriptor, whatever word it holds: identifiers, places, people, references, icons.
NOT_DESCRIPTOR = re.compile(r"(\bID\b|Identifier|Issuer|Location|Identifying|Identification|Approver|Icon|Confidentiality|Referenced)")
# E.3.x Retain Institution Identity Option (Table E.1-1, column "Rtn. Inst. Id. Opt."): K for these only.
INSTITUTION = {0x00080080, 0x00080081, 0x00080082, 0x00081040, 0x00081041}
STRUCTURED = {0x0040A730, 0x00400555, 0x0040A375, 0x0040A043, 0x0040A168}
GRAPHICS = {0x00700001, 0x00700008, 0x00700006}


def tag_text(entry: tuple) -> tuple[str, str, str]:
    """(tag as GGGGEEEE with x for a repeating nibble, keyword, VR)."""
    if len(entry) == 4:  # (group, element, group mask, element mask): a repeating group (overlays, curves)
        g, e, gm, em = entry
        text = "".join(c if m != "0" else "x" for c, m in zip(f"{g:04X}{e:04X}", f"{gm:04X}{em:04X}"))
        return text, "", ""
    g, e = entry
    tag = (g << 16) | e
    try:
        return f"{tag:08X}", keyword_for_tag(tag) or "", dictionary_VR(tag)
    except KeyError:
        return f"{tag:08X}", "", ""


def options_for(text: str, action: str, name: str, vr: str) -> list[str]:
    opts = []
    tag = int(text, 16) if "x" not in text else None
    if "U" in action:
        opts.append("uids=K")
    if vr in ("DA", "DT", "TM") and "U" not in action and tag not in BIRTH:
        opts.append("dates=C")
    if tag in PATIENT_CHARACTERISTICS:
        opts.append(f"patient={PATIENT_CHARACTERISTICS[tag]}")
    if DEVICE_WORDS.search(name) and vr not in ("DA", "DT", "TM") and (vr != "SQ" or "Station" in name) \
            and tag not in NOT_DEVICE and (
            "U" not in action or "Device" in name):
        opts.append("device=K")
    if tag in INSTITUTION:
        opts.append("institution=K")
    if tag in STRUCTURED:
        opts.append("structured=C")
    if tag in GRAPHICS or text.startswith("60xx"):
        opts.append("graphics=C")
    described = (vr in ("LO", "LT", "ST", "UT", "SH", "UC") or (vr == "SQ" and re.search(r"(Code|Notes) Sequence", name))) \
        and DESCRIPTOR_WORDS.search(name) and not NOT_DESCRIPTOR.search(name) and tag not in STRUCTURED
    # A device's own label or description is its identity (Retain Device Identity), not a descriptor; a
    # characteristic the patient option cleans is free text, cleaned as descriptors are.
    if (described and "device=K" not in opts) or PATIENT_CHARACTERISTICS.get(tag) == "C":
        opts.append("descriptors=C")
    return opts


def main() -> None:
    rows = {}
    for var, action in GROUPS.items():
        for entry in getattr(source, var):
            text, keyword, vr = tag_text(entry)
            rows[text] = (action, keyword, vr)
    names = _names()
    lines = [f"# PS3.15 Table E.1-1 (edition {EDITION}), Basic Profile from dicom-anonymizer's dicomfields_{EDITION} "
             "(generated from the standard); options derived by tools/gen_deid_table.py",
             "tag\taction\tvr\tkeyword\toptions\tname"]
    for text in sorted(rows):
        action, keyword, vr = rows[text]
        name = names.get(text, keyword)
        lines.append("\t".join([text, action, vr, keyword, ",".join(options_for(text, action, name, vr)), name]))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} attributes -> {OUT}")


def _names() -> dict[str, str]:
    """The attribute names as the source module's comments give them (the standard's wording)."""
    names = {}
    pattern = re.compile(r"\(\s*0x([0-9A-Fa-f]{4}),\s*0x([0-9A-Fa-f]{4})(?:,\s*0x([0-9A-Fa-f]{4}),\s*0x([0-9A-Fa-f]{4}))?,?\s*\),\s*#\s*(.+)")
    for m in pattern.finditer(re.sub(r"\(\s*\n\s*", "(", Path(source.__file__).read_text(encoding="utf-8")).replace(",\n    )", ")")):
        g, e, gm, em, name = m.groups()
        text = f"{g}{e}".upper()
        if gm:
            text = "".join(c if mm != "0" else "x" for c, mm in zip(text, f"{gm}{em}".upper()))
        names[text] = name.strip()
    return names


if __name__ == "__main__":
    main()
