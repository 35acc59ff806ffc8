"""A presentation state decides black and white itself: a PET's opening inversion does not turn it over,
the reader's own I key still does."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

from viewer.presentation.states import placed, seen_through
from viewer.model.viewport import ViewportState


def _invert_drawn(state, ps) -> bool:
    seen = []
    scene = SimpleNamespace(image=None)

    def build(st):
        seen.append(st.invert)
        return scene

    placed(seen_through(state, ps), ps, None, None, build, (256, 256), None)
    return seen[-1]


def test_pet_default_inversion_yields_to_a_presentation_state():
    ps = SimpleNamespace(viewport_transform=lambda: (0, False, False), area_for=lambda _ref: None)
    pet = ViewportState(invert=True, invert_default=True)  # how a PET opens
    assert _invert_drawn(pet, None) is True  # no presentation state: the PET default
    assert _invert_drawn(pet, ps) is False  # through one: its Presentation LUT Shape alone
    assert _invert_drawn(replace(pet, invert=False), ps) is True  # the reader pressed I
    ct = ViewportState()
    assert _invert_drawn(ct, ps) is False and _invert_drawn(replace(ct, invert=True), ps) is True
