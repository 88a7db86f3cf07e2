"""HTML products: Jinja2 templates from `layouts/`, laid out by WeasyPrint, measured, then printed.

Three guarantees live here, shared by every HTML product, one stage a module:
- `templates`: content is text — autoescaping on, undefined names fail, so `<b>` or `{{ x }}`
  print literally; French and English typesetting applied by the filters;
- `sandbox`: the renderer reads only the project's own folders and never the network;
- `engine`: WeasyPrint itself, imported without the linker searches that slow its start;
- `render` and `measure`: nothing is clipped silently — every `data-frame` box is measured after
  layout in both directions, fit groups step their type within the layout's range, and text that
  still does not fit fails the build naming the field and the amount.
"""

from importlib import import_module

# Each name from its stage, imported at first use: `render` and `sandbox` import WeasyPrint
# (half a second), which a build that renders nothing (everything cached) must not pay for a
# template filter.
STAGE_OF = {"Pass": "render", "Rendered": "render", "render_html": "render",
            "SandboxFetcher": "sandbox",
            "jinja_env": "templates", "keep_whole": "templates", "prose_markup": "templates",
            "tr": "templates"}
__all__ = sorted(STAGE_OF)


def __getattr__(name: str):
    if name not in STAGE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if STAGE_OF[name] in ("render", "sandbox"):
        from .engine import import_weasyprint

        import_weasyprint()
    return getattr(import_module(f".{STAGE_OF[name]}", __name__), name)
