"""The products a build can make: one module each, listed in `expoprint.catalog`.

Each module follows `base.Product`; the catalog names it, so nothing else of the tool keeps a list.
"""
