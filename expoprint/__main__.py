"""`python -m expoprint …`: the same command line as the installed `expoprint`."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="expoprint")
