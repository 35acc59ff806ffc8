"""French for the messages of the built-in plugin (``viewer.plugin_api.msg``), given to Cauri at register."""

FRENCH = {
    "The series was split into {total} stacks; this is stack {n}.":
        "La série a été découpée en {total} piles ; celle-ci est la pile {n}.",
    "The series was split into {total} stacks; this is stack {n} ({label}).":
        "La série a été découpée en {total} piles ; celle-ci est la pile {n} ({label}).",
    "{description} ({label})": "{description} ({label})",
    "cine": "ciné",
    # waveforms (cauri_builtins.waveform)
    "waveform group {n} has no usable sampling ({what})":
        "le groupe de tracés {n} n'a pas d'échantillonnage utilisable ({what})",
    "waveform group {n} defines {defined} channels for {stored}":
        "le groupe de tracés {n} définit {defined} voies pour {stored}",
    "waveform group {n} holds fewer samples than it declares":
        "le groupe de tracés {n} contient moins d'échantillons qu'il n'en annonce",
    "waveform group {n} cannot be read ({why})": "le groupe de tracés {n} est illisible ({why})",
    "the waveform file cannot be read ({why})": "le fichier de tracé est illisible ({why})",
    "the file holds no waveform": "le fichier ne contient aucun tracé",
    "the waveform cannot be read ({why})": "le tracé est illisible ({why})",
    "{kind} {ms:.0f} ms": "{kind} {ms:.0f} ms",
    "heart rate {bpm:.0f} bpm": "fréquence cardiaque {bpm:.0f} batt/min",
    "QTc (Bazett) {ms:.0f} ms": "QTc (Bazett) {ms:.0f} ms",
    "{speed:g} mm/s · {gain:g} mm/mV": "{speed:g} mm/s · {gain:g} mm/mV",
    "{scale} at {px:.1f} px/mm": "{scale} à {px:.1f} px/mm",
    "{scale} (nominal scale: the screen's size is unknown)": "{scale} (échelle nominale : taille de l'écran inconnue)",
    "12-lead ECG": "ECG 12 dérivations",
    "hemodynamic waveform": "tracé hémodynamique",
    "respiratory waveform": "tracé respiratoire",
    "{wave} axis {value:g}°": "axe {wave} {value:g}°",
    "{name} {value:g} {units}": "{name} {value:g} {units}",
    "3 x 4 + rhythm (II)": "3 x 4 + rythme (II)",
    "all channels": "toutes les voies",
    "lead {lead}": "dérivation {lead}",
    "{gain:g} mm/mV": "{gain:g} mm/mV",
    "{speed:g} mm/s": "{speed:g} mm/s",
    "caliper {kind}": "compas {kind}",
    "clear calipers": "effacer les compas",
    "view": "vue",
    "gain": "amplitude",
    "speed": "vitesse",
    # whole-slide microscopy (cauri_builtins.slide)
    "the slide image cannot be read ({why})": "l'image de lame est illisible ({why})",
    "the slide image has no size": "l'image de lame n'a pas de taille",
    "the slide image has no pixel data": "l'image de lame n'a pas de pixels",
    "the series holds no slide image": "la série ne contient aucune image de lame",
    "{mm:g} mm": "{mm:g} mm",
    "{um:g} µm": "{um:g} µm",
    "level {n} of {total}": "niveau {n} sur {total}",
    "scale unknown (no pixel spacing)": "échelle inconnue (pas d'espacement des pixels)",
    # captions in the study browser
    "waveform": "tracé",
    "waveform, {channels} {channels:channel|channels}, {seconds:g} s": "tracé, {channels} {channels:voie|voies}, {seconds:g} s",
    "slide annotations ({count})": "annotations de lame ({count})",
    "slide, {levels} {levels:level|levels}": "lame, {levels} {levels:niveau|niveaux}",
}
