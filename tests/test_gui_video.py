"""The video viewport in a real window (French UI): a study of one H.264 endoscopy opens on its player, the
picture on screen is the frame the encoder put there after seeking with the slider, stepping with the arrow
keys and the big buttons, playing advances frame by frame and stops at the end without loop; the snapshot
is the window's « Exporter l'image… » of the frame on screen."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from gui_helpers import import_and_open, widget_pixels
from video_files import COLUMNS, ROWS, frame_number_of, write_video


def frame_on_screen(player) -> int:
    """The frame the screen shows, read from its pixels: the fitted picture cut out and sampled back to the
    video's size (geometry from the widget, not from the player's state)."""
    pixels = widget_pixels(player.screen_view)
    dpr = player.screen_view.devicePixelRatioF()
    h, w = pixels.shape[:2]
    scale = min(w / COLUMNS, h / ROWS)
    x0, y0 = (w - COLUMNS * scale) / 2, (h - ROWS * scale) / 2
    rows = (y0 + (np.arange(ROWS) + 0.5) * scale).astype(int)
    cols = (x0 + (np.arange(COLUMNS) + 0.5) * scale).astype(int)
    assert dpr == 1.0
    return frame_number_of(pixels[rows][:, cols])


def test_the_player_shows_the_frame_asked_for(qtbot, tmp_path):
    video = write_video(tmp_path / "video" / "v.dcm", frames=48, fps=25)
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "video", video["study_uid"])
    vp = window.grid.visible_viewports()[0]
    qtbot.waitUntil(lambda: vp.surface.widget is not None and vp.surface.widget.is_ready(), timeout=20000)
    player = vp.surface.widget
    assert player.objectName() == "video-viewport" and not player.failed
    assert frame_on_screen(player) == 0
    # French labels, and controls a gloved finger can hit
    assert player.play_button.toolTip() == "Lecture ou pause (Espace)"
    assert player.back.toolTip() == "Image précédente (Gauche)"
    width = player.width()
    player.resize(900, player.height())  # wide: the buttons say their words
    assert (player.play_button.text(), player.loop.text(), player.snapshot.text()) == ("▶ Lire", "Boucle", "Instantané")
    player.resize(500, player.height())  # a 2x2 layout: signs only, the same big buttons
    assert (player.play_button.text(), player.loop.text(), player.snapshot.text()) == ("▶", "↻", "◉")
    player.resize(width, player.height())
    assert "Image 1 / 48" in player.position.text() and "25 im/s" in player.position.text()
    for button in (player.first, player.back, player.play_button, player.forward, player.loop, player.snapshot):
        assert button.height() >= 56
    assert "VID-001" in vp.surface.strip.text()

    player.slider.setValue(30)  # seek
    assert frame_on_screen(player) == 30 and "Image 31 / 48" in player.position.text()
    qtbot.mouseClick(player.screen_view, Qt.MouseButton.LeftButton)
    qtbot.keyClick(player, Qt.Key.Key_Right)
    qtbot.keyClick(player, Qt.Key.Key_Right)
    assert frame_on_screen(player) == 32
    qtbot.keyClick(player, Qt.Key.Key_Left)
    assert frame_on_screen(player) == 31 and player.slider.value() == 31
    qtbot.mouseClick(player.back, Qt.MouseButton.LeftButton)
    assert frame_on_screen(player) == 30
    qtbot.keyClick(player, Qt.Key.Key_End)
    assert frame_on_screen(player) == 47

    # Play from the start without loop: the frames advance on the timer, and it stops on the last one.
    qtbot.keyClick(player, Qt.Key.Key_Home)
    qtbot.mouseClick(player.loop, Qt.MouseButton.LeftButton)
    assert not player.loop.isChecked()
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert player.playing and player.play_button.text().startswith("❙❙")
    qtbot.waitUntil(lambda: player.index >= 5, timeout=10000)
    qtbot.waitUntil(lambda: not player.playing, timeout=20000)
    assert player.index == 47 and frame_on_screen(player) == 47
    assert player.reader.kept_frames <= 9  # played through, never the whole clip in memory

    # The snapshot is the picture export of this viewport: the frame on screen, at its own size.
    from viewer.ui.viewport_pictures import picture

    image = picture(vp)
    assert (image.width(), image.height()) == (COLUMNS, ROWS)
    qtbot.mouseClick(player.snapshot, Qt.MouseButton.LeftButton)
    from viewer.ui.picture_dialog import PictureDialog

    qtbot.waitUntil(lambda: any(isinstance(w, PictureDialog) and w.isVisible() for w in window.findChildren(PictureDialog)))
    dialog = next(w for w in window.findChildren(PictureDialog) if w.isVisible())
    out = tmp_path / "snap.png"
    dialog.path.setText(str(out))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(out.exists)
    from PIL import Image

    assert frame_number_of(np.asarray(Image.open(out).convert("RGB"))) == 47

    window.grab().save(str(tmp_path / "screen.png"))


def test_the_video_plays_in_theatre_and_its_tile_brings_it_back(qtbot, tmp_path):
    from test_gui_plugin_viewport import write_series

    video = write_video(tmp_path / "video" / "v.dcm", frames=48, fps=25)
    write_series(tmp_path / "ct", slices=4, modality="CT", study_uid=video["study_uid"], patient_id="VID-001",
                 patient_name="VIDÉO^Afi")
    window = import_and_open(qtbot, tmp_path / "home", [tmp_path / "video", tmp_path / "ct"], video["study_uid"])
    window.act_theatre.trigger()
    tw = window.theatre.window
    qtbot.waitExposed(tw)
    tiles = [(tile, item) for tile, item in tw.tiles if item.kind == "series"]
    assert len(tiles) == 2  # the CT and the video, each one tap away
    video_tile = next(tile for tile, item in tiles if "48" in tile.label.text() or "Coloscopie" in tile.label.text())
    vp = tw.grid.active
    ct_tile = next(tile for tile, _ in tiles if tile is not video_tile)
    qtbot.mouseClick(ct_tile, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: vp.surface.widget is None and vp.state.display_set.modality == "CT")
    qtbot.mouseClick(video_tile, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: vp.surface.widget is not None and vp.surface.widget.is_ready(), timeout=20000)
    player = vp.surface.widget
    assert player.objectName() == "video-viewport" and frame_on_screen(player) == 0
    qtbot.mouseClick(player.forward, Qt.MouseButton.LeftButton)
    assert frame_on_screen(player) == 1


def test_exporting_the_video_viewport_to_mp4_writes_the_whole_clip(qtbot, tmp_path):
    """« Exporter l'image… » with a .mp4 name on a video: every frame, in order, at the clip's rate (not the
    one picture on screen); read back with PyAV, frame k shows the cell the encoder put there."""
    import av

    from viewer.ui.picture_dialog import PictureDialog

    video = write_video(tmp_path / "video" / "v.dcm", frames=20, fps=25)
    window = import_and_open(qtbot, tmp_path / "home", tmp_path / "video", video["study_uid"])
    vp = window.grid.visible_viewports()[0]
    qtbot.waitUntil(lambda: vp.surface.widget is not None and vp.surface.widget.is_ready(), timeout=20000)
    window.grid.set_active(vp)
    out = tmp_path / "clip.mp4"
    window.act_export_picture.trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(PictureDialog)))
    dialog = next(d for d in window.findChildren(PictureDialog) if d.isVisible())
    qtbot.keyClicks(dialog.path, str(out))
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(out.exists, timeout=30000)
    with av.open(str(out)) as container:
        rate = float(container.streams.video[0].average_rate)
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(frames) == 20 and rate == 25.0
    assert [frame_number_of(f) for f in frames] == list(range(20))
