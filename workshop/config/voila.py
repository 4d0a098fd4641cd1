"""Voilà settings for the workshop view: ``voila --Voila.config_file_paths=workshop/config`` (``make workshop``).

Kept out of ``workshop/``, the kernels' folder, where a ``voila.py`` would hide the voila package.

- The ``projector`` template (``voila/templates/projector``): larger text and
  controls, and no stylesheet from a CDN, so the page works offline.
- Kernels of closed or reloaded pages are shut down after 10 idle minutes.
  Voilà 0.5 fails to shut them down itself (voila-dashboards/voila#1458); a
  page that is open is never touched.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 - provided by traitlets when it loads this file

# Templates are looked up in $JUPYTER_PATH/voila/templates.
os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parent),
                                                           os.environ.get("JUPYTER_PATH")]))
c.VoilaConfiguration.template = "projector"

c.MappingKernelManager.cull_idle_timeout = 600  # seconds
c.MappingKernelManager.cull_interval = 60
