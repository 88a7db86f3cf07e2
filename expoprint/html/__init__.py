"""HTML products: Jinja2 templates from `layouts/`, laid out by WeasyPrint, measured, then printed.

Three guarantees live here, shared by every HTML product, one stage a module:
- `templates`: content is text — autoescaping on, undefined names fail, so `<b>` or `{{ x }}`
  print literally; French and English typesetting applied by the filters;
- `sandbox`: the renderer reads only the project's own folders and never the network;
- `render` and `measure`: nothing is clipped silently — every `data-frame` box is measured after
  layout in both directions, fit groups step their type within the layout's range, and text that
  still does not fit fails the build naming the field and the amount.
"""

from .render import Pass, Rendered, render_html
from .sandbox import SandboxFetcher
from .templates import jinja_env, keep_whole, prose_markup, tr

__all__ = ["Pass", "Rendered", "SandboxFetcher", "jinja_env", "keep_whole",
           "prose_markup", "render_html", "tr"]
