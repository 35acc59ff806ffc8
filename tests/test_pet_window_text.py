"""A PET's window is written the way PET is read: the SUV range on screen, not a width and level in Bq/ml."""

from __future__ import annotations

import pytest

from test_pet_default_window import pet_series, slice_scene  # noqa: F401  (the fixture, and the GUI's scene path)


@pytest.mark.parametrize("language, text", [("fr", "SUV 0,0 – 5,0"), ("en", "SUV 0.0 – 5.0")])
def test_pet_corner_says_the_suv_range(pet_series, language, text):  # noqa: F811
    from viewer.model.studies import PatientContext
    from viewer.presentation.image import build_scene

    folder, _slopes = pet_series
    for path in sorted(folder.iterdir())[:3]:
        state, frame, _scene = slice_scene(path)
        scene = build_scene(state, frame, PatientContext(), language)
        assert text in scene.corners["br"]
        assert "Larg." not in scene.corners["br"] and "W " not in scene.corners["br"]


def test_ct_keeps_width_and_level(tmp_path):
    from synthetic import write_series
    from viewer.model.frames import load_frame
    from viewer.model.loose_files import open_paths
    from viewer.model.studies import PatientContext
    from viewer.presentation.image import build_scene
    from viewer.model.viewport import ViewportState

    write_series(tmp_path, slices=3, rows=32, cols=32)
    with open_paths([tmp_path]) as loose:
        stack = loose.display_sets()[0]
        state = ViewportState().with_display_set(stack)
        frame = load_frame(stack.frames[0])
    scene = build_scene(state, frame, PatientContext(), "fr")
    assert "Larg. 400  Niv. 40" in scene.corners["br"] and "SUV" not in scene.corners["br"]
