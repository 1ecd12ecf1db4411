"""The house in three parts stays that way: imports run one way through the package
([tool.importlinter] in pyproject.toml) and the scripts never import each other in a circle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_imports_run_one_way_and_no_module_imports_one_that_imports_it_back():
    done = subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


def _script_imports(scripts: Path) -> dict[str, set[str]]:
    """Each script's imports of the other scripts, wherever in the file they stand."""
    names = {p.stem for p in scripts.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in scripts.glob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module)
        graph[path.stem] = found & names - {path.stem}
    return graph


def _circle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of the graph as a path that comes back to its start, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        path = [*path, node]
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt, path)):
                return found
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start, [])):
            return found
    return None


def test_the_circle_finder_finds_a_circle():
    assert _circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) is not None
    assert _circle({"train": {"data", "eval"}, "eval": {"data"}, "data": set()}) is None


def test_the_ranker_scripts_share_their_data_loading_and_never_import_each_other_back():
    graph = _script_imports(ROOT / "scripts")
    assert _circle(graph) is None, f"scripts import each other in a circle: {_circle(graph)}"
    assert "ranker_data" in graph["train_ranker"] and "ranker_data" in graph["eval_ranker"]


def _defined(module) -> set[str]:
    """The names a module's own code defines (functions, classes, assignments), not those it
    only imports for itself."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    for n in ast.walk(tree):
        targets = n.targets if isinstance(n, ast.Assign) else [n.target] if isinstance(n, ast.AnnAssign) else []
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def test_every_name_the_scripts_import_from_distill_is_defined_where_they_look_for_it():
    """The scripts import from distill inside their functions, so a name moved to another module
    would fail only when that script runs (scripts/quality, the benchmarks): each is looked up
    here, in the module that must define it (or as a submodule of the package named)."""
    import importlib
    import importlib.util

    missing = []
    for path in sorted((ROOT / "scripts").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or (node.module or "").split(".")[0] != "distill":
                continue
            module = importlib.import_module(node.module)
            defined = _defined(module)
            for alias in node.names:
                submodule = hasattr(module, "__path__") and importlib.util.find_spec(
                    f"{node.module}.{alias.name}") is not None
                if alias.name not in defined and not submodule:
                    missing.append(f"{path.name}: {node.module}.{alias.name}")
    assert not missing, missing
