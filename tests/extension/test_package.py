"""The extension's manifest and packages: web-ext lint for Firefox, a clean load in Chromium."""

from __future__ import annotations

import json
import subprocess
import zipfile

import pytest
from browser_support import EXTENSION, ROOT, chromium_with_extension, open_page

WEB_EXT = ROOT / "node_modules" / ".bin" / "web-ext"


def test_web_ext_lint_has_no_errors():
    assert WEB_EXT.exists(), "node_modules missing: ./scripts/test runs npm ci"
    out = subprocess.run([str(WEB_EXT), "lint", "--source-dir", str(EXTENSION), "--no-config-discovery",
                          "--output", "json"], capture_output=True, text=True, timeout=120)
    report = json.loads(out.stdout)
    assert report["errors"] == [], report["errors"]
    # the one warning a dual Chrome/Firefox manifest cannot avoid
    assert [w["code"] for w in report["warnings"]] == ["BACKGROUND_SERVICE_WORKER_IGNORED"]


def test_manifest_asks_for_no_more_than_it_needs():
    m = json.loads((EXTENSION / "manifest.json").read_text())
    assert sorted(m["permissions"]) == ["activeTab", "contextMenus", "scripting", "storage"]
    assert m["host_permissions"] == ["http://127.0.0.1/*"]
    assert "<all_urls>" not in json.dumps(m)
    gecko = m["browser_specific_settings"]["gecko"]
    assert gecko["data_collection_permissions"] == {"required": ["websiteContent"]}
    for size in ("16", "32", "48", "128"):
        assert (EXTENSION / m["icons"][size]).exists()


def test_store_packages(tmp_path):
    out = subprocess.run(["bash", str(ROOT / "scripts" / "package-extension")], capture_output=True,
                         text=True, timeout=300, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    version = json.loads((EXTENSION / "manifest.json").read_text())["version"]
    for store in ("chrome", "firefox"):
        with zipfile.ZipFile(ROOT / "dist" / f"distill-{store}-{version}.zip") as z:
            manifest = json.loads(z.read("manifest.json"))
            assert "key" not in manifest and "content.js" in z.namelist()
            assert ("service_worker" in manifest["background"]) == (store == "chrome")


@pytest.mark.browser
def test_chromium_loads_it_without_warnings(playwright, tmp_path):
    with chromium_with_extension(playwright, tmp_path / "profile") as (ctx, _, ext_id):
        page = open_page(ctx, "chrome://extensions")
        info = page.evaluate("(id) => new Promise(r => chrome.developerPrivate.getExtensionInfo(id, r))", ext_id)
        assert info["installWarnings"] == [] and info["manifestErrors"] == [] and info["runtimeErrors"] == []
        assert ext_id == "gepdihichgdfmijhibefclodnhmjbmcg"  # pinned by the manifest key
