"""What a view shows, decided in one place (no Qt, no VTK): from "this frame (or MPR plane), this view
state, these presentation states, these measurements, annotations and key images, this viewport size and
screen" to a ``SliceScene`` (pixels, corners, markers, lines, labels, placement) that
``render.slice_renderer.SliceRenderer`` only draws. The viewport, ``cauri render``, the series thumbnails
and the bench all call it.

Which module holds which decision:
  image       ``present_image``: the 2-D chain (presentation state -> window/VOI -> shown frame -> shutter
              -> pixels -> turn/flip -> placement -> corners -> findings); ``build_scene``, its pixel step
  plane       ``present_plane``: an MPR plane (window, cut handed in, crosshair, missing-slice bands)
  windows     every window, VOI and inversion decision (opening window, PET, presentation state's,
              planes', the number keys' presets)
  states      presentation states (GSPS): which one, VOI LUT, Presentation LUT Shape, aspect, shutter,
              turn/flip and displayed area
  findings    measurements, annotations, key-image mark and drafts drawn over a picture, their colours
  values      the values written beside measurements (shared with the measurement panel)
  corners     the corner texts and their words in each language
  scene       ``SliceScene`` and the picture's geometry (turns, flips, markers, reference lines, aspect)
  thumbnail   a series' thumbnail, as a viewport opens it
  wash_layers a fused layer (PET over CT, RT Dose and its isodose lines) on a view's pixels: colours, opacity

Layer: above ``model`` (which it reads), below ``render`` (which draws what it decides).
"""
