"""French for the messages of the built-in plugin (``viewer.plugin_api.msg``), given to Cauri at register."""

FRENCH = {
    "The series was split into {total} stacks; this is stack {n}.":
        "La série a été découpée en {total} piles ; celle-ci est la pile {n}.",
    "The series was split into {total} stacks; this is stack {n} ({label}).":
        "La série a été découpée en {total} piles ; celle-ci est la pile {n} ({label}).",
    "{description} ({label})": "{description} ({label})",
    "cine": "ciné",
    # Nuclear medicine multi-frame images, cut by their vectors (nm.py)
    "{parts}": "{parts}",
    "energy window {value}": "fenêtre en énergie {value}",
    "detector {value}": "détecteur {value}",
    "phase {value}": "phase {value}",
    "rotation {value}": "rotation {value}",
    "R-R interval {value}": "intervalle R-R {value}",
    "time slot {value}": "intervalle temporel {value}",
}
