"""The dependency rule of docs/architecture.md: an app imports only from the layers below it,
never from a higher layer nor from a neighbour on its own layer, and no app imports
``cop_portal`` (the site, which sits above them all). Every module of every app is read
with ``ast``, imports inside functions included, so a lazy import cannot hide a cycle."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Bottom first, as in the layer table of the design.
LAYERS = {
    "core": 0,
    "accounts": 1,
    "members": 2,
    "committees": 3,
    "twg": 4,
    "repository": 5,
    "discussions": 6,
    "bulletin": 7,
    "milestones": 8,
    "monitoring": 8,
    "privacy": 8,
    "cop_portal": 9,
    "demo": 10,
}
APPS = [name for name in LAYERS if (ROOT / name / "__init__.py").exists()]


def imported_apps(path):
    """The portal apps a module imports, with the line of each import."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LAYERS:
                yield top, node.lineno


def violations(app):
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        for other, line in imported_apps(path):
            if other == app:
                continue
            if LAYERS[other] >= LAYERS[app]:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {other}")
    return found


def test_every_layer_of_the_design_that_exists_is_checked():
    assert {"core", "accounts", "members", "cop_portal"} <= set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_app_imports_only_from_lower_layers(app):
    assert violations(app) == []


def test_a_higher_import_is_caught(tmp_path, monkeypatch):
    """The walk itself: a function-level import of a higher layer is found."""
    module = tmp_path / "core" / "sneaky.py"
    module.parent.mkdir()
    (module.parent / "__init__.py").write_text("")
    module.write_text("def f():\n    from members.models import Organisation\n")
    monkeypatch.setattr("tests.test_layers.ROOT", tmp_path)
    assert violations("core") == ["core/sneaky.py:2 imports members"]
