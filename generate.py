#!/usr/bin/env python3
"""Entry point: `python generate.py build` is the same program as the `expoprint` command."""

from expoprint.cli import main

if __name__ == "__main__":
    main()
