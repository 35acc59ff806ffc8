"""CT window presets (width/center in HU), named as French-speaking radiologists say them."""

from viewer.plugin_api import WindowPreset

CT_PRESETS = [
    WindowPreset("ct.brain", 80, 40, {"fr": "Cérébral", "en": "Brain"}),
    WindowPreset("ct.subdural", 200, 75, {"fr": "Sous-dural", "en": "Subdural"}),
    WindowPreset("ct.stroke", 40, 40, {"fr": "AVC", "en": "Stroke"}),
    WindowPreset("ct.lung", 1500, -600, {"fr": "Pulmonaire", "en": "Lung"}),
    WindowPreset("ct.mediastinum", 350, 50, {"fr": "Médiastinal", "en": "Mediastinum"}),
    WindowPreset("ct.abdomen", 400, 40, {"fr": "Abdominal", "en": "Abdomen"}),
    WindowPreset("ct.liver", 150, 30, {"fr": "Foie", "en": "Liver"}),
    WindowPreset("ct.bone", 2000, 500, {"fr": "Osseux", "en": "Bone"}),
]
