"""French for the messages of the built-in plugin (``viewer.plugin_api.msg``), given to Cauri at register."""

FRENCH = {
    "The series was split into {total} stacks; this is stack {n}.":
        "La série a été découpée en {total} piles ; celle-ci est la pile {n}.",
    "The series was split into {total} stacks; this is stack {n} ({label}).":
        "La série a été découpée en {total} piles ; celle-ci est la pile {n} ({label}).",
    "{description} ({label})": "{description} ({label})",
    "cine": "ciné",
    "video": "vidéo",
    "Loop": "Boucle",
    "Snapshot": "Instantané",
    "Play": "Lire",
    "Pause": "Pause",
    "First frame (Home)": "Première image (Début)",
    "Previous frame (Left)": "Image précédente (Gauche)",
    "Play or pause (Space)": "Lecture ou pause (Espace)",
    "Next frame (Right)": "Image suivante (Droite)",
    "Play in a loop (L)": "Lire en boucle (L)",
    "Save this frame as a picture": "Enregistrer cette image",
    "Frame {frame} / {frames} · {time:trim} / {duration:trim} s · {fps:trim} fps":
        "Image {frame} / {frames} · {time:trim} / {duration:trim} s · {fps:trim} im/s",
    "the video stream is damaged and cannot be decoded": "le flux vidéo est endommagé et ne peut pas être décodé",
}
