"""Files that went missing from under a series (cache cleaned by hand, disk trouble) cost their slices,
not the volume: MPR of the rest still opens, and a series with nothing left says so in a sentence."""

from __future__ import annotations

import os

import pytest

from synthetic import write_series


def _stack(folder):
    from viewer.model.loose_files import open_paths

    with open_paths([folder]) as loose:
        return loose.display_sets()[0]


def test_the_first_file_gone_leaves_a_volume_of_the_others(tmp_path):
    from viewer.model.volume import Volume

    write_series(tmp_path / "src", slices=6, rows=16, cols=16)
    stack = _stack(tmp_path / "src")
    os.unlink(stack.frames[0].path)
    volume = Volume(stack)
    volume.load()  # fills every slice it can
    assert volume.transfer_syntax == "1.2.840.10008.1.2.1"
    assert list(volume.errors) == [0]
    assert volume.complete


def test_every_file_gone_is_a_clear_refusal(tmp_path):
    from viewer.model.volume import Volume

    write_series(tmp_path / "src", slices=3, rows=16, cols=16)
    stack = _stack(tmp_path / "src")
    for frame in stack.frames:
        os.unlink(frame.path)
    with pytest.raises(ValueError) as raised:
        Volume(stack)
    assert str(raised.value).startswith("the slices cannot be decoded: ")


def test_a_slice_whose_file_goes_while_filling_is_reported_without_its_path(tmp_path):
    from viewer.core.messages import in_language
    from viewer.model.volume import Volume

    write_series(tmp_path / "DUPONT_JEAN", slices=6, rows=16, cols=16)
    stack = _stack(tmp_path / "DUPONT_JEAN")
    volume = Volume(stack)
    gone = next(i for i in range(6) if not volume.filled[i])
    os.unlink(stack.frames[gone].path)
    volume.load()
    reason = volume.errors[gone]
    assert reason == "could not be read (no such file or directory)"
    assert "DUPONT" not in reason
    assert in_language(reason, "fr").startswith("illisible (")
