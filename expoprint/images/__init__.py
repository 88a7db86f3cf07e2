"""Pictures and logos, the way a print shop expects them.

The exhibition's picture, its partners' logos and the artefacts' photos go through these stages,
one module each (each states its contract):
- `source`: read each file safely from the content folder and decode it once, or refuse it
  naming the content key and the file;
- `svg`, `pdf`: logos that stay vector — an SVG sanitised and its colours converted, a PDF
  checked for press colour and drawn by overlay;
- `colour`: conversion through the output intent's ICC profile (LittleCMS via ImageCms);
- `place`: where pictures and logos go in a layout, and how sharp they print there;
- `convert`: a raster picture as the press takes it (CMYK or K-only JPEG), at the size needed;
- `pictures`: the build's set of pictures, its resolution check and its conversion cache;
- `partners`: the partners' logo strip of a layout;
- `thumbnail`: an artefact's photo on its cut label.
"""

from .pictures import Pictures, Placement, Ready, load_pictures

__all__ = ["Pictures", "Placement", "Ready", "load_pictures"]
