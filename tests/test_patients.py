"""Who is the same patient when two studies are on screen (viewer.model.patients)."""

from __future__ import annotations

import pytest

from viewer.model.patients import PatientIdentity, group_patients, same_patient


def pid(study="1.2.3", patient_id="CNHU-0042", issuer="", name="KOFFI^Aïcha", birth="19800214"):
    return PatientIdentity(study, patient_id, issuer, name, birth)


@pytest.mark.parametrize(
    "other, same",
    [
        (pid(study="1.2.4"), True),  # a prior study of the same patient
        (pid(study="1.2.4", name="koffi aïcha"), True),  # case and "^"/space are how it was typed
        (pid(study="1.2.4", issuer="CNHU"), True),  # one record names the issuer, the other does not
        (pid(study="1.2.4", birth=""), True),  # a birth date missing is no contradiction
        (pid(study="1.2.4", name="DOE^Peter"), False),  # the same number given to someone else elsewhere
        (pid(study="1.2.4", patient_id="CNHU-0043"), False),  # a namesake
        (pid(study="1.2.4", birth="19800215"), False),
        (pid(study="1.2.4", name="KOFFI^Aicha"), False),  # accents are kept: better a warning than a merge
        (pid(study="1.2.4", name="Aïcha^KOFFI"), False),  # family and given names swapped
    ],
)
def test_same_patient_needs_id_name_and_no_contradiction(other, same):
    assert same_patient(pid(), other) is same
    assert same_patient(other, pid()) is same


def test_issuers_that_differ_are_different_patients():
    assert not same_patient(pid(issuer="CNHU-HKM"), pid(study="9", issuer="CHUD-BORGOU"))


def test_without_a_patient_id_only_the_same_study_is_the_same_patient():
    a = pid(patient_id="")
    assert same_patient(a, pid(patient_id=""))  # two views of one study
    assert not same_patient(a, pid(study="1.2.9", patient_id=""))  # same name, no ID: not proven


def test_groups_compare_with_each_groups_first_member():
    a = pid(study="1", birth="19800214")
    b = pid(study="2", birth="")  # agrees with a and with c
    c = pid(study="3", birth="19900101")  # contradicts a
    assert group_patients([a, None, b, c, a]) == [0, None, 0, 1, 0]
    assert group_patients([None, None]) == [None, None]
