"""Preflight (placeholder until issue 5 lands)."""


def check_outputs(outputs, report):
    return None
