NAME = "labels"


def needs(content):
    return "not yet built"


def build(ctx):
    return []
