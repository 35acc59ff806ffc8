"""French for the messages of the built-in plugin (``viewer.plugin_api.msg``), given to Cauri at register."""

FRENCH = {
    "The series was split into {total} stacks; this is stack {n}.":
        "La série a été découpée en {total} piles ; celle-ci est la pile {n}.",
    "The series was split into {total} stacks; this is stack {n} ({label}).":
        "La série a été découpée en {total} piles ; celle-ci est la pile {n} ({label}).",
    "orientation {value}": "orientation {value}",
    "trigger time {value}": "temps de déclenchement {value}",
    "echo time {value}": "temps d'écho {value}",
    "image type {value}": "type d'image {value}",
    "acquisition {value}": "acquisition {value}",
    "b-value {value}": "valeur b {value}",
    "phase {value}": "phase {value}",
    "stack {value}": "pile {value}",
    "echo {value}": "écho {value}",
}
