"""Serve the chart scripts from the book's own origin instead of a CDN.

Altair's HTML output loads vega, vega-lite and vega-embed from cdn.jsdelivr.net. The book
must work offline and must not tell a third party who reads it, so the build copies pinned
copies of exactly those scripts (with their licences) into ``_build/html/_vendor/`` and
rewrites the addresses in the built HTML (stage 3 of ``tools/build_book.py``).

The copies come from the npm registry (``npm pack``) and are cached outside git in
``_build/.vendor-cache``; each tarball is checked against the sha512 pinned below, so a
republished or tampered package stops the build instead of reaching readers.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

from pfp_book.paths import VENDOR_CACHE as CACHE

VENDOR_DIR = "_vendor"
CDN = "https://cdn.jsdelivr.net/npm/"

# `spec` is what Altair's HTML asks jsdelivr for (``vega@6`` means "newest 6.x"); `version`
# is the exact release we serve for it, resolved from the registry when these pins were set.
PINS = [
    {
        "name": "vega",
        "spec": "6",
        "version": "6.4.0",
        "file": "build/vega.min.js",
        "integrity": (
            "sha512-rHXCq2LpEWCLMjXBEj7hocY9G0/i5TGYRayGGSj06VTF4+l2IG2Z7oeZKCjW"
            "bUh/7hTE/mVhbaOPB72wCElh6g=="
        ),
    },
    {
        "name": "vega-lite",
        "spec": "6.4.1",
        "version": "6.4.1",
        "file": "build/vega-lite.min.js",
        "integrity": (
            "sha512-KO3ybHNouRK4A0al/+2fN9UqgTEfxrd/ntGLY933Hg5UOYotDVQdshR3zn7O"
            "fXwQ7uj0W96Vfa5R+QxO8am3IQ=="
        ),
    },
    {
        "name": "vega-embed",
        "spec": "7",
        "version": "7.3.0",
        "file": "build/vega-embed.min.js",
        "integrity": (
            "sha512-wQ8s5GaSzqoKgmRfbRolgBrjE2CP7ZKHXqH7NijxMqPjpdWxSs4Dn8tvp9g0"
            "giQvh2cK+3p56sxjWWM0wNngGw=="
        ),
    },
]

# What the published pages load. The book compiles every chart to Vega when it is built
# (pfp_book.compiler), so readers' browsers need no Vega-Lite compiler; vega-lite stays
# pinned because notebooks opened in JupyterLab ask the CDN for it (the JupyterLab test
# serves it from this cache, see install(..., names=...)).
SITE_SCRIPTS = ("vega", "vega-embed")


def site_pins() -> list[dict]:
    return [pin for pin in PINS if pin["name"] in SITE_SCRIPTS]


# Older Altair templates also list "vega-lib" for require.js; it is the old name of vega.
ALIASES = {"vega-lib": "vega"}

_CDN_URL = re.compile(r"https://cdn\.jsdelivr\.net/npm/(vega-lib|vega-lite|vega-embed|vega)(?:@([0-9.]+))?(?:\?noext)?")


class VendorError(RuntimeError):
    pass


def vendored_path(pin: dict) -> str:
    """Path of a pinned script inside the built site, relative to its root.

    >>> vendored_path({"name": "vega", "version": "6.4.0", "file": "build/vega.min.js"})
    '_vendor/vega-6.4.0/vega.min.js'
    """
    return f"{VENDOR_DIR}/{pin['name']}-{pin['version']}/{Path(pin['file']).name}"


def altair_requests() -> dict[str, str]:
    """{package: version spec} that Altair's HTML output asks the CDN for."""
    import altair as alt

    html = alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(x="a:Q").to_html()
    found = {}
    for match in _CDN_URL.finditer(html):
        name, spec = match.group(1), match.group(2)
        if spec is not None:
            found[name] = spec
    return found


def check_pins_match_altair() -> None:
    """Fail if Altair asks for versions other than the pinned ones (e.g. after an upgrade)."""
    asked = altair_requests()
    problems = []
    for pin in PINS:
        spec = asked.get(pin["name"])
        if spec != pin["spec"]:
            problems.append(
                f"{pin['name']}: Altair asks for {spec!r}, pinned spec is {pin['spec']!r}"
            )
        elif not (pin["version"] == spec or pin["version"].startswith(spec + ".")):
            problems.append(f"{pin['name']}: pinned {pin['version']} does not satisfy @{spec}")
    if problems:
        raise VendorError(
            "The vendored chart scripts no longer match Altair's output; update PINS in "
            "book/_ext/pfp_book/vendor.py:\n  " + "\n  ".join(problems)
        )


def _sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def _tarball(pin: dict, cache: Path) -> Path:
    tgz = cache / f"{pin['name']}-{pin['version']}.tgz"
    if not tgz.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise VendorError(
                "npm is needed once to fetch the chart scripts (vega, vega-lite, vega-embed) "
                f"into {cache}; install Node.js/npm or copy a filled cache there."
            )
        cache.mkdir(parents=True, exist_ok=True)
        cmd = [npm, "pack", f"{pin['name']}@{pin['version']}", "--pack-destination", str(cache)]
        result = subprocess.run(cmd, capture_output=True, text=True, cwd=cache)
        if result.returncode != 0 or not tgz.exists():
            raise VendorError(f"`{' '.join(cmd)}` failed:\n{result.stderr.strip()}")
    if _sri(tgz.read_bytes()) != pin["integrity"]:
        tgz.unlink()
        raise VendorError(f"{tgz.name} does not match its pinned sha512; deleted it, not used.")
    return tgz


def fetch(cache: Path = CACHE) -> dict[str, dict[str, bytes]]:
    """{name: {'script': bytes, 'license': bytes}} for every pin, from the checked cache."""
    out = {}
    for pin in PINS:
        with tarfile.open(_tarball(pin, cache), "r:gz") as tar:
            names = tar.getnames()
            lic = next((n for n in names if re.fullmatch(r"package/LICEN[CS]E(\.\w+)?", n)), None)
            if lic is None:
                raise VendorError(f"{pin['name']}-{pin['version']} ships no LICENSE file")
            out[pin["name"]] = {
                "script": tar.extractfile(f"package/{pin['file']}").read(),
                "license": tar.extractfile(lic).read(),
            }
    return out


def install(site: Path, cache: Path = CACHE, names=SITE_SCRIPTS) -> list[Path]:
    """Copy the pinned scripts named, their licences and a manifest into ``site/_vendor``."""
    files = fetch(cache)
    target = site / VENDOR_DIR
    if target.exists():
        shutil.rmtree(target)
    written = []
    manifest = []
    for pin in (p for p in PINS if p["name"] in names):
        script = site / vendored_path(pin)
        script.parent.mkdir(parents=True, exist_ok=True)
        script.write_bytes(files[pin["name"]]["script"])
        (script.parent / "LICENSE").write_bytes(files[pin["name"]]["license"])
        written += [script, script.parent / "LICENSE"]
        manifest.append(
            {
                "name": pin["name"],
                "version": pin["version"],
                "altair_asks_for": f"{pin['name']}@{pin['spec']}",
                "path": vendored_path(pin),
                "license_file": str(Path(vendored_path(pin)).parent / "LICENSE"),
                "tarball_integrity": pin["integrity"],
            }
        )
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return written


def rewrite_html(site: Path) -> int:
    """Point every CDN address of the chart scripts at the vendored copies; return pages changed."""
    by_name = {pin["name"]: pin for pin in PINS}
    changed = 0
    for page in site.rglob("*.html"):
        if VENDOR_DIR in page.relative_to(site).parts:
            continue
        text = page.read_text(encoding="utf-8")
        # Sphinx writes page scripts under _static/; the vendored ones sit beside it
        tidy = text.replace(f"_static/../{VENDOR_DIR}/", f"{VENDOR_DIR}/")
        if tidy != text:
            page.write_text(tidy, encoding="utf-8")
            text = tidy
        if CDN not in text:
            continue
        # relative, so the site works from any sub-path of a static host and from disk
        up = os.path.relpath(site, page.parent).replace(os.sep, "/")

        def local(match: re.Match, up: str = up) -> str:
            pin = by_name[ALIASES.get(match.group(1), match.group(1))]
            return f"{up}/{vendored_path(pin)}"

        new = _CDN_URL.sub(local, text)
        leftover = re.findall(r"https://cdn\.jsdelivr\.net/npm/[^\s\"'<>]*", new)
        if leftover:
            raise VendorError(
                f"{page.relative_to(site)} still loads from a CDN: {sorted(set(leftover))}"
            )
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed
