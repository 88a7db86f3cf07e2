NAME = "leaflet"


def needs(content):
    return "not yet built"


def build(ctx):
    return []
