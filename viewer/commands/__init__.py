"""Headless subcommands of the `cauri` command. Each module exposes ``add_parser(subparsers)``."""
