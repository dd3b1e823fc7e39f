"""Pages execute in a kernel reached through Unix (IPC) sockets, not TCP ports.

What decides ipykernel's "Kernel is running over TCP without encryption" warning:
``IPKernelApp.init_sockets`` prints it when the connection file the kernel is started
with says ``"transport": "tcp"`` and carries no CurveZMQ key.  That file is written
on the executing side by jupyter_client's ``KernelManager`` (its ``transport`` trait,
``tcp`` by default), which nbclient creates, for MyST-NB and jupyter-cache, with no
configuration a Sphinx project can reach.

What a project does control is the kernelspec, and a kernelspec may name a kernel
provisioner (``metadata.kernel_provisioner`` in ``kernel.json``), the object that
prepares the manager before the connection file is written.  Ours,
:class:`IPCProvisioner`, switches the manager to the ``ipc`` transport with its
sockets and connection file in a private temporary folder (mode 0700: only this user
can connect), so kernel and client talk over Unix sockets and there is nothing to
warn about.

The kernelspec lives in ``jupyter_data/kernels/python3`` beside this module and is
put first on ``JUPYTER_PATH``, so pages keep ``kernelspec: python3`` in their front
matter and the execution cache (keyed on code and that front matter) stays valid.
The provisioner is registered with jupyter_client's provisioner factory in this
process, not through a package entry point, so a build from a plain checkout works
as it does for the other extensions here.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

from jupyter_client.provisioning import KernelProvisionerFactory, LocalProvisioner
from sphinx.application import Sphinx

PROVISIONER_NAME = "chainrule-ipc"
JUPYTER_DATA = Path(__file__).resolve().parent / "jupyter_data"


class IPCProvisioner(LocalProvisioner):
    """A local kernel whose sockets are files in a folder of its own."""

    socket_folder: str | None = None

    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        manager = self.parent
        if self.socket_folder is None:
            # short on purpose: a Unix socket path has a limit of about 100 bytes
            self.socket_folder = tempfile.mkdtemp(prefix="kernel-")
        manager.transport = "ipc"
        # sockets are <ip>-<n>; ports are for tcp only
        manager.ip = os.path.join(self.socket_folder, "socket")
        manager.cache_ports = False
        if not manager.connection_file:
            manager.connection_file = os.path.join(self.socket_folder, "connection.json")
        return await super().pre_launch(**kwargs)

    async def cleanup(self, restart: bool = False) -> None:
        await super().cleanup(restart=restart)
        if not restart and self.socket_folder is not None:
            shutil.rmtree(self.socket_folder, ignore_errors=True)
            self.socket_folder = None


def _register() -> None:
    if sys.platform == "win32":  # no IPC transport there: kernels stay on TCP
        return
    factory = KernelProvisionerFactory.instance()
    factory.provisioners[PROVISIONER_NAME] = EntryPoint(
        name=PROVISIONER_NAME,
        value=f"{__name__}:{IPCProvisioner.__name__}",
        group=KernelProvisionerFactory.GROUP_NAME,
    )
    # kernels inherit this too; it only adds our kernelspec in front of theirs
    paths = [str(JUPYTER_DATA)]
    paths += [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))


def setup(app: Sphinx) -> dict[str, Any]:
    _register()
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
