"""``workstation.links`` without a window: the toolbar's groups take in the views a new layout shows, and a
registration that ends after the reader moved on proposes nothing."""

from __future__ import annotations

from pydicom.uid import generate_uid

from synthetic import write_series


def test_a_new_layout_joins_the_toolbar_groups_and_follows(tmp_path):
    from viewer.store.importer import import_paths
    from viewer.workstation.service import Workstation

    study, frame = generate_uid(), generate_uid()
    for name, thickness in (("a", 2.0), ("b", 4.0), ("c", 1.0)):
        write_series(tmp_path / name, slices=10, rows=32, cols=32, study_uid=study, frame_uid=frame, thickness=thickness)
    ws = Workstation.open(tmp_path / "home")
    import_paths(ws.cache, [str(tmp_path / n) for n in "abc"])
    ws.choose_layout(1, 2)
    ws.open_study(study)
    ws.links.link_visible("window", True)
    ws.choose_layout(1, 3)  # the third series arrives in a new view
    third = ws.views.visible()[2]
    assert third.state.display_set is not None and ws.links.groups.group_of("window", third) == "toolbar"
    first = ws.views.visible()[0]
    from viewer.dicom.pixels import Window

    first.apply(first.state.windowed(Window(-600.0, 1500.0)))
    assert third.state.window == Window(-600.0, 1500.0)
    ws.close()


def test_a_late_registration_for_views_no_longer_shown_proposes_nothing(tmp_path):
    from viewer.workstation.service import Workstation

    ws = Workstation.open(tmp_path / "home")
    proposals = []
    ws.registrations.proposed.connect(proposals.append)

    class Result:
        pass

    from viewer.workstation.registrations import Proposal

    ws.registrations._done("x|y", Proposal("x", "y", "1", "2", Result(), 0.0, 0.0))
    assert proposals == [] and ws.registrations.pending is None
    ws.close()
