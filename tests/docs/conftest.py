"""Fixtures of the site tests; the helpers live in site_project.py."""

import pytest
from site_project import new_project_factory


@pytest.fixture(scope="session")
def new_project(tmp_path_factory):
    """``new_project(name)`` -> an empty :class:`site_project.Project`."""
    return new_project_factory(tmp_path_factory)
