"""Voilà settings for the workshop view: ``voila --Voila.config_file_paths=workshop/config`` (``make workshop``).

Kept out of ``workshop/``, the kernels' folder, where a ``voila.py`` would hide the voila package.

- The ``projector`` template (``voila/templates/projector``): larger text and
  controls, and no stylesheet from a CDN, so the page works offline.
- Kernels of closed or reloaded pages are shut down after 10 idle minutes.
  Voilà 0.5 fails to shut them down itself (voila-dashboards/voila#1458); a
  page that is open is never touched.
- A fix for pages that hang on "Executing..." (voila-dashboards/voila#1428):
  when a cell shows something in an Output widget, as every explorer does,
  nbclient answers on the kernel's shell socket behind the back of the asyncio
  loop that awaits the cell's reply, which can then wait forever
  (jupyter/jupyter_client#1059). Here that message goes through the asyncio
  socket instead, which wakes the waiting receiver.
"""

import os
from pathlib import Path

from nbclient.jsonutil import json_clean
from nbclient.output_widget import OutputWidget

c = get_config()  # noqa: F821 - provided by traitlets when it loads this file

# Templates are looked up in $JUPYTER_PATH/voila/templates.
os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parent),
                                                           os.environ.get("JUPYTER_PATH")]))
c.VoilaConfiguration.template = "projector"

c.MappingKernelManager.cull_idle_timeout = 600  # seconds
c.MappingKernelManager.cull_interval = 60


def _publish_msg(self: OutputWidget, msg_type: str, data: dict | None = None, metadata: dict | None = None,
                 buffers: list | None = None, **keys) -> None:
    """nbclient's ``OutputWidget._publish_msg``, sent through the asyncio socket."""
    content = json_clean(dict(data=data or {}, comm_id=self.comm_id, **keys))
    session = self.kernel_client.session
    msg = session.msg(msg_type, content=content, parent=self.parent_header, metadata=metadata or {})
    self.kernel_client.shell_channel.socket.send_multipart(session.serialize(msg))


OutputWidget._publish_msg = _publish_msg
