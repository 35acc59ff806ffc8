"""Headless subcommands of the `cauri` command. Each module exposes ``add_parser(subparsers)`` and ``run(args)``.

The one place where Cauri's own imports sit inside functions on purpose: ``cli`` imports every module here to
build its parser, so whatever a module imports at its top, every ``cauri`` invocation pays. Each ``run`` therefore
imports what its command needs (pydicom, Qt, VTK, the network stacks) when it runs. Measured on the project's
2-core machine: ``cauri --version`` 0.44 s as it is; 2.1 s once the imports of every command are loaded (Qt,
VTK, pynetdicom, SimpleITK, the bench) — a RIS that launches ``cauri open`` per patient would wait that long.
A module's top holds only what is light: the standard library, ``viewer.core``, the network configuration
(``net.nodes``), the commands' shared helpers and the bench's case list.
"""
