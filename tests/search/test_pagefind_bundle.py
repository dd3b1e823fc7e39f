"""The Pagefind bundle is written by the command line and refused when incomplete."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "docs" / "_ext"))

import pagefind_bundle

PAGE = (
    '<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body>'
    "<article data-pagefind-body><h1>{title}</h1><p>{text}</p>"
    '<a class="headerlink">skipped anchor text</a></article></body></html>'
)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("site") / "pagefind"
    pages = {
        "/index.html": PAGE.format(title="Start", text="The chain rule, step by step."),
        "/backprop/mlp.html": PAGE.format(title="MLP", text="Gradients of a layer."),
    }
    pagefind_bundle.write_bundle(pages, output, [".headerlink"])
    return output


def _copy(bundle: Path, tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "pagefind"
    shutil.copytree(bundle, copy)
    return copy


def test_whole_bundle_passes(bundle: Path) -> None:
    pagefind_bundle.check_bundle(bundle, 2)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 2
    assert (bundle / "pagefind.js").read_text(encoding="utf-8").rstrip().endswith("};")


def test_library_cut_at_32_kib_is_refused(bundle: Path, tmp_path: Path) -> None:
    copy = _copy(bundle, tmp_path)
    library = copy / "pagefind.js"
    library.write_bytes(library.read_bytes()[:32768])
    with pytest.raises(pagefind_bundle.BundleError, match="cut short"):
        pagefind_bundle.check_bundle(copy, 2)


def test_empty_file_is_refused(bundle: Path, tmp_path: Path) -> None:
    copy = _copy(bundle, tmp_path)
    (copy / "pagefind-worker.js").write_bytes(b"")
    with pytest.raises(pagefind_bundle.BundleError, match=r"empty files: pagefind-worker\.js"):
        pagefind_bundle.check_bundle(copy, 2)


def test_missing_metadata_is_refused(bundle: Path, tmp_path: Path) -> None:
    copy = _copy(bundle, tmp_path)
    for meta in copy.glob("pagefind.*.pf_meta"):
        meta.unlink()
    with pytest.raises(pagefind_bundle.BundleError, match="missing"):
        pagefind_bundle.check_bundle(copy, 2)


def test_page_count_mismatch_is_refused(bundle: Path) -> None:
    with pytest.raises(pagefind_bundle.BundleError, match="3 pages given, 2 indexed"):
        pagefind_bundle.check_bundle(bundle, 3)


def test_stale_files_are_removed(tmp_path: Path) -> None:
    output = tmp_path / "pagefind"
    output.mkdir()
    (output / "pagefind.en_old.pf_meta").write_text("stale", encoding="utf-8")
    pagefind_bundle.write_bundle({"/a.html": PAGE.format(title="A", text="Alpha")}, output, [])
    assert not (output / "pagefind.en_old.pf_meta").exists()


def test_url_outside_site_is_refused(tmp_path: Path) -> None:
    with pytest.raises(pagefind_bundle.BundleError, match="absolute path inside the site"):
        pagefind_bundle.write_bundle({"../x.html": "<html></html>"}, tmp_path / "pagefind", [])
