"""A picture much bigger than its viewport (a 4,000 x 3,300 mammogram fitted) is drawn from a box-averaged
texture of about the screen's size: the same picture, in the same place, as from every stored pixel."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.render.slice_renderer import SliceRenderer, box_shrink


def test_box_shrink_averages_each_block_rounded():
    img = np.array([[0, 2, 10, 10, 7],
                    [1, 2, 10, 11, 7],
                    [9, 9, 9, 9, 9]], np.uint8)
    # Blocks of 2x2: (0+2+1+2)/4 = 1.25 -> 1; (10+10+10+11)/4 = 10.25 -> 10; the partial column and row left out.
    assert box_shrink(img, 2).tolist() == [[1, 10]]
    rgb = np.stack([img, img, img], axis=2)
    assert box_shrink(rgb, 2)[0, 1].tolist() == [10, 10, 10]


def _scene(image, spacing=(0.1, 0.1), zoom=1.0):
    from viewer.presentation.scene import SliceScene

    return SliceScene(image=image, spacing=spacing, zoom=zoom)


@pytest.mark.parametrize("zoom", [1.0, 3.0])
def test_a_big_image_draws_the_same_from_the_shrunk_texture(zoom):
    rows, cols = 3000, 2400
    img = np.zeros((rows, cols), np.uint8)
    yy, xx = np.mgrid[0:rows, 0:cols]
    img[((yy // 300) + (xx // 300)) % 2 == 1] = 200  # 300-pixel squares: 30 mm at 0.1 mm
    img[1000:2000, 600:1800] = 90
    renderer = SliceRenderer(300, 320)
    try:
        shrunk = renderer.render(_scene(img, zoom=zoom))[..., :3].astype(int)
        assert renderer._shrink(_scene(img, zoom=zoom)) == (int(3000 / 320 / zoom) or 1)
        renderer._shrink = lambda scene: 1  # every stored pixel, as before
        renderer._image_key = None
        full = renderer.render(_scene(img, zoom=zoom))[..., :3].astype(int)
    finally:
        renderer.close() if hasattr(renderer, "close") else None
    grey = full[..., 0]
    # Away from the squares' edges (where averaging and point sampling legitimately differ by a pixel): a pixel
    # whose 5x5 neighbourhood of the full-resolution picture is uniform.
    pad = np.pad(grey, 2, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(pad, (5, 5))
    interior = windows.max(axis=(2, 3)) == windows.min(axis=(2, 3))
    interior[:2], interior[-2:], interior[:, :2], interior[:, -2:] = False, False, False, False  # the frame's edge
    assert interior.mean() > 0.6
    assert (np.abs(shrunk - full).max(axis=2)[interior] <= 2).all()
    assert np.abs(shrunk.mean() - full.mean()) < 2.0


def test_a_big_frames_display_bytes_are_made_on_the_loaders_thread_at_its_own_window(tmp_path):
    """The loader's thread makes a 4 Mpx frame's display bytes as it reads it; the window's thread, drawing it at
    the file's window, is handed those (the same array), equal to the PS3.3 window formula computed here by hand;
    another window is computed afresh, never served from them."""
    import threading

    from synthetic import write_series
    from viewer.dicom import pixels as P
    from viewer.model.displaysets import FrameRef
    from viewer.model.frames import FrameLoader

    info = write_series(tmp_path / "big", slices=1, rows=2048, cols=2048, window=(400, 40))
    loader = FrameLoader()
    came, threads = threading.Event(), []
    ref = FrameRef(info["files"][0], 0, "1.2.3", 1)
    loader.request([ref], lambda f: (threads.append(threading.current_thread().name), came.set()))
    assert came.wait(30) and threads[0].startswith("cauri-frames")
    frame = loader.cached(ref)
    stored, desc = frame.stored, frame.header.descriptor
    own = desc.windows[0]
    assert (own.center, own.width) == (40.0, 400.0)

    def by_hand(c, w):
        hu = stored.astype(np.float64) - 1024.0  # Rescale Slope 1, Intercept -1024
        return np.clip(np.floor(np.clip((hu - (c - 0.5)) / (w - 1) + 0.5, 0, 1) * 255 + 1e-6), 0, 255).astype(np.uint8)

    key = (id(stored), stored.shape, desc, own, False)
    made = P._kept_display(key, stored)
    assert made is not None  # made before the window's thread asked
    shown = P.render_display(stored, desc, own)
    assert shown is made and not shown.flags.writeable
    assert np.array_equal(shown, by_hand(40.0, 400.0))
    other = P.render_display(stored, desc, P.Window(300.0, 1500.0))
    assert other is not made and np.array_equal(other, by_hand(300.0, 1500.0))
    loader.shutdown()
