"""Why a frame could not be decoded reaches a French viewport in French: crash, deadline, memory, worker
start (viewer.dicom.decoding), through real worker processes; a codec's own words stay as a parameter."""

from __future__ import annotations

import pytest

from test_decode_isolation import _stack, faulty_service, rle_series  # noqa: F401  (fixtures)
from viewer.core.messages import Message, in_language, msg
from viewer.dicom import decoding


def test_crash_and_deadline_in_a_french_viewport_and_unchanged_in_english(rle_series, faulty_service):  # noqa: F811  (fixtures)
    from viewer.model.frames import FrameLoader
    from viewer.model.studies import PatientContext
    from viewer.presentation.image import build_scene
    from viewer.model.viewport import ViewportState

    info, by_slice = rle_series
    loose, stack = _stack(info, by_slice)
    loader = FrameLoader(workers=2)
    try:
        crashed, hung = loader.load(stack.frames[2]), loader.load(stack.frames[5])
    finally:
        loader.shutdown()
        loose.close()
    assert crashed.error == "the decoder crashed (SIGABRT)"
    assert hung.error == "the decoder did not finish within 3 s (stopped)"
    state = ViewportState().with_display_set(stack)
    fr = {i: build_scene(state.at(i), f, PatientContext(), "fr").message for i, f in ((2, crashed), (5, hung))}
    assert fr[2].endswith("le décodeur a planté (SIGABRT)") and fr[2].startswith("Image illisible")
    assert fr[5].endswith("le décodeur n'a pas fini en 3 s (arrêté)")
    en = build_scene(state.at(2), crashed, PatientContext(), "en").message
    assert en.startswith("Cannot display image") and en.endswith("the decoder crashed (SIGABRT)")


def test_every_failure_kind_has_french_and_a_codec_text_stays_untranslated():
    reasons = {
        "memory": msg("decoding needs more memory than the {mb} MB allowed", mb=256),
        "killed": decoding._death_reason(-9),
        "exit": decoding._death_reason(3),
        "unreceived": decoding._unreceived(ValueError("truncated pickle data")),
        "slow start": msg("the decode worker did not start within {seconds:g} s", seconds=decoding.STARTUP_TIMEOUT_S),
    }
    assert all(isinstance(r, Message) for r in reasons.values())
    assert reasons["memory"] == "decoding needs more memory than the 256 MB allowed"
    assert in_language(reasons["memory"], "fr") == "le décodage demande plus de mémoire que les 256 Mo permis"
    assert in_language(reasons["killed"], "fr") == "le décodeur a été arrêté (SIGKILL\u00a0; mémoire insuffisante\u00a0?)"
    assert reasons["exit"] == "the decoder process exited unexpectedly (status 3)"
    assert in_language(reasons["exit"], "fr").endswith("(code 3)")
    assert in_language(reasons["unreceived"], "fr") == "l'image décodée n'a pas pu être reçue (truncated pickle data)"
    assert in_language(reasons["slow start"], "fr") == "le processus de décodage n'a pas démarré en 60 s"
