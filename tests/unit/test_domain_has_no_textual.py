"""The domain and the authoring commands never import textual, so `validate` and `replay` start fast
and work where no terminal UI is wanted (CI, editors)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap

from .conftest import FIXTURES

SCRIPT = textwrap.dedent("""
    import importlib, json, pkgutil, sys
    import eqtrainer, eqtrainer.domain, eqtrainer.store
    # Every module of the domain and the store, new ones included without editing this test.
    imported = []
    for package in (eqtrainer.domain, eqtrainer.store):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
            imported.append(module.name)
    assert "eqtrainer.domain.engine" in imported and "eqtrainer.store.progress" in imported
    import eqtrainer.library, eqtrainer.cli
    after_import = sorted(m for m in sys.modules if m.split(".")[0] == "textual")
    from eqtrainer.cli import main
    path = sys.argv[1]
    validated = main(["validate", path])
    replayed = main(["replay", path, "--choices", "1,1,2", "--seed", "3", "--json"])
    after_run = sorted(m for m in sys.modules if m.split(".")[0] == "textual")
    print(json.dumps({"validate": validated, "replay": replayed, "after_import": after_import,
                      "after_run": after_run}))
""")


def test_textual_is_installed_so_this_check_means_something():
    assert importlib.util.find_spec("textual") is not None


def test_domain_and_authoring_commands_import_no_textual():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(FIXTURES / "replay-small.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report == {"validate": 0, "replay": 0, "after_import": [], "after_run": []}
