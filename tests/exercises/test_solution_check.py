"""The site build grades every solution cell, and turns a wrong one into a failed build."""

from __future__ import annotations

import nbformat
from site_project import ensure_mathjax, new_project_factory

PAGE = """\
(page-{name})=
# A page with an exercise

Some text.

(exercises-{name})=
## Exercises

Write `linear_forward(A_prev, W, b)`.

```{{code-cell}} ipython3
from chainrule.exercises import grade
```

```{{code-cell}} ipython3
:tags: [hide-input, exercise-solution]

def linear_forward(A_prev, W, b):
    \"\"\"Z = W A_prev + b.\"\"\"
    return {body}


grade("linear_forward", linear_forward)
```
"""

INDEX = """\
# Index

```{toctree}
right
wrong
```
"""


def test_a_wrong_solution_fails_the_build_and_a_right_one_is_exported(tmp_path_factory):
    ensure_mathjax()
    project = new_project_factory(tmp_path_factory)("solutions")
    project.write("index.md", INDEX)
    project.write("right.md", PAGE.format(name="right", body="W @ A_prev + b"), notebook=True)
    project.write("wrong.md", PAGE.format(name="wrong", body="W @ A_prev"), notebook=True)
    build = project.build("en")

    assert build.returncode != 0
    assert "wrong: the solution in cell" in build.log
    assert "Z is W A_prev without the bias: + b is missing." in build.log
    assert "right: the solution in cell" not in build.log

    exercises = nbformat.read(str(build.outdir / "_notebooks" / "right.exercises.ipynb"), 4)
    code = [c.source for c in exercises.cells if c.cell_type == "code"]
    assert 'set_language("en")' in code[0]
    solution = code[-1]
    assert '"""Z = W A_prev + b."""' in solution
    assert "raise NotImplementedError" in solution
    assert "return W @ A_prev + b" not in solution
    assert 'grade("linear_forward", linear_forward)' in solution
    assert all(not c.get("outputs") for c in exercises.cells if c.cell_type == "code")
    page = nbformat.read(str(build.outdir / "_notebooks" / "right.ipynb"), 4)
    graded = [c for c in page.cells if "exercise-solution" in c.metadata.get("tags", [])]
    assert graded[0].outputs[0]["data"]["text/plain"] == "✓ linear_forward: 3/3"
