"""``python -m hearing`` is the ``hearing`` command."""

from hearing.cli import main

main()
