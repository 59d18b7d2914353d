"""A small, real JupyterHub for the course's tests and load runs (tests/test_hub.py, make bench).

    jupyterhub -f tools/hub/jupyterhub_config.py     # with the PFP_HUB_* variables below

Everything JupyterHub keeps (its database, cookie secret, the students' homes) lives in
PFP_HUB_DIR, so a hub started again on the same folder is the same hub: that is how the
tests restart it while students are logged in. Read from the environment:

- PFP_HUB_DIR: the hub's folder; students' homes are PFP_HUB_DIR/homes/<name>
- PFP_HUB_PASSWORDS: a JSON file {name: "pbkdf2:<salt hex>:<hash hex>"} (see hash_password)
- PFP_HUB_PORT, PFP_HUB_API_PORT, PFP_PROXY_API_PORT: free ports on 127.0.0.1
- PFP_HUB_SERVICE_TOKEN: the token of the "pfp-driver" service, an admin that creates
  students' API tokens and stops their servers
- CONFIGPROXY_AUTH_TOKEN: shared by hub and proxy, fixed so that a restarted hub can
  talk to the proxy that kept running

Not for production: SimpleLocalProcessSpawner runs every student's server as the hub's
own user, with no isolation (JupyterHub's docs say so too). A real class uses Zero to
JupyterHub (book/hub-config.yaml).
"""

import hashlib
import hmac
import json
import os
import secrets
import shutil
import sys
from pathlib import Path

from jupyterhub.auth import Authenticator
from traitlets import Unicode

HERE = Path(__file__).resolve().parent
ITERATIONS = 100_000


def hash_password(password, salt=None):
    """A stored form of ``password``: pbkdf2 with a random salt, never the password itself."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ITERATIONS)
    return f"pbkdf2:{salt.hex()}:{digest.hex()}"


class PasswordFileAuthenticator(Authenticator):
    """Per-user passwords from a JSON file of salted hashes; no PAM, no system users."""

    password_file = Unicode(config=True, help="JSON file {name: hash_password(...)}")

    def _stored(self):
        return json.loads(Path(self.password_file).read_text(encoding="utf-8"))

    def check_allowed(self, username, authentication=None):
        return username in self._stored()

    async def authenticate(self, handler, data):
        name, password = data.get("username", ""), data.get("password", "")
        stored = self._stored().get(name)
        if not stored:
            return None
        _, salt, _ = stored.split(":")
        if hmac.compare_digest(hash_password(password, bytes.fromhex(salt)), stored):
            return name
        return None


if "get_config" in globals():  # run by jupyterhub, not imported by a test
    c = get_config()  # noqa: F821
    state = Path(os.environ["PFP_HUB_DIR"])
    host = "127.0.0.1"

    c.JupyterHub.bind_url = f"http://{host}:{os.environ['PFP_HUB_PORT']}"
    c.JupyterHub.hub_bind_url = f"http://{host}:{os.environ['PFP_HUB_API_PORT']}"
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
    # A restart must not end the students' sessions: their servers and the proxy keep
    # running and the new hub takes them over (how Zero to JupyterHub upgrades a hub).
    c.JupyterHub.cleanup_servers = False
    c.JupyterHub.cleanup_proxy = False

    c.ConfigurableHTTPProxy.command = [
        str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
    c.ConfigurableHTTPProxy.api_url = f"http://{host}:{os.environ['PFP_PROXY_API_PORT']}"
    c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")

    c.JupyterHub.authenticator_class = PasswordFileAuthenticator
    c.PasswordFileAuthenticator.password_file = os.environ["PFP_HUB_PASSWORDS"]

    c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
    c.SimpleLocalProcessSpawner.home_dir_template = str(state / "homes" / "{username}")
    c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
    c.Spawner.args = ["--allow-root"] if os.geteuid() == 0 else []
    c.Spawner.default_url = "/lab"
    c.Spawner.ip = host
    # a busy 2-core machine starts ten servers at once in the load run
    c.Spawner.start_timeout = 180
    c.Spawner.http_timeout = 180
    c.JupyterHub.concurrent_spawn_limit = 0
    # git for nbgitpuller, the venv's python for the kernel
    c.Spawner.environment = {"PATH": os.pathsep.join(
        [str(Path(sys.executable).parent), os.path.dirname(shutil.which("git") or "/usr/bin"),
         "/usr/bin", "/bin"])}

    c.JupyterHub.services = [
        {"name": "pfp-driver", "api_token": os.environ["PFP_HUB_SERVICE_TOKEN"]}]
    c.JupyterHub.load_roles = [{
        "name": "pfp-driver",
        "services": ["pfp-driver"],
        "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"],
    }]
    c.JupyterHub.log_level = "INFO"
