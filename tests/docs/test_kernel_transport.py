"""Pages execute over Unix sockets, so no kernel warns about unencrypted TCP.

A tiny notebook page is built with the real conf.py; the page prints the transport
its own kernel was started with.  A control build without the ``ipc_kernel``
extension shows that the warning does reach the build log when the kernel is on TCP.
"""

from __future__ import annotations

import pytest
from conf_extensions import extensions_without
from site_project import ensure_mathjax

TCP_WARNING = "Kernel is running over TCP without encryption"

PAGE = """
# Transport

```{code-cell} ipython3
from ipykernel.kernelapp import IPKernelApp

print("kernel transport:", IPKernelApp.instance().transport)
print("six times seven is", 6 * 7)
```
"""


@pytest.fixture(scope="module")
def transport_project(new_project):
    ensure_mathjax()
    project = new_project("transport")
    project.write("index.md", PAGE, notebook=True)
    return project


def test_pages_execute_without_the_tcp_warning(transport_project):
    build = transport_project.build("en", "html", "-E")
    assert build.returncode == 0, build.log
    html = (build.outdir / "index.html").read_text(encoding="utf8")
    assert "six times seven is 42" in html  # the page did execute
    assert "kernel transport: ipc" in html
    assert TCP_WARNING not in build.log


def test_a_kernel_on_tcp_would_print_the_warning(transport_project):
    build = transport_project.build(
        "en",
        "html",
        "-E",
        "-D",
        extensions_without("ipc_kernel"),
        "-D",
        f"nb_execution_cache_path={transport_project.root / '_build' / 'tcp_cache'}",
    )
    html = (build.outdir / "index.html").read_text(encoding="utf8")
    assert "kernel transport: tcp" in html
    assert TCP_WARNING in build.log
