"""Text built when a module is imported is built once, in whatever language is active then:
it must use gettext_lazy (issue 18). This reads every module of the apps and fails on a call to
a non-lazy gettext that runs at import time (module level, class bodies, default arguments,
decorators)."""

import ast

from .catalogue import ROOT

EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}
NOT_APP_CODE = {".venv", "node_modules", "tests", "migrations", ".git"}


def _eager_names(tree):
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names |= {alias.asname or alias.name for alias in node.names if alias.name in EAGER}
    return names


def import_time_calls(source):
    tree = ast.parse(source)
    names = _eager_names(tree)
    found = []

    def is_eager(node):
        return isinstance(node, ast.Call) and getattr(node.func, "id", None) in names

    def calls_in(node):
        found.extend(sub.lineno for sub in ast.walk(node) if is_eager(sub))

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                # Only the defaults and decorators run at import; the body runs per call.
                defaults = child.args.defaults + [d for d in child.args.kw_defaults if d]
                for expr in defaults + getattr(child, "decorator_list", []):
                    calls_in(expr)
            else:
                if is_eager(child):
                    found.append(child.lineno)
                visit(child)

    visit(tree)
    return sorted(set(found))


def test_the_scan_tells_import_time_from_call_time():
    source = (
        "from django.utils.translation import gettext as _\n"
        "TABS = [_('Open')]\n"
        "class Form:\n"
        "    label = _('Name')\n"
        "def view(request, title=_('Default')):\n"
        "    return _('Fine at call time')\n"
    )
    assert import_time_calls(source) == [2, 4, 5]


def test_no_module_translates_text_at_import_time():
    problems = []
    for path in sorted(ROOT.rglob("*.py")):
        if NOT_APP_CODE & set(path.relative_to(ROOT).parts):
            continue
        for line in import_time_calls(path.read_text(encoding="utf-8")):
            problems.append(f"  {path.relative_to(ROOT)}:{line}")
    assert not problems, "Non-lazy gettext at import time (use gettext_lazy):\n" + "\n".join(
        problems
    )
