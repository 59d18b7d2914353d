"""A real JupyterHub with students, for tests/test_hub.py and tools/hub_bench.py.

- ``Hub``: starts ``jupyterhub`` (tools/hub/jupyterhub_config.py) with the course's pinned
  configurable-http-proxy on free 127.0.0.1 ports, in a temporary folder that holds its
  database and the students' homes; stops it, restarts it on the same folder, and lists
  every process still running from that folder.
- ``course_repository``: a local git repository of the student release, which the
  instructor can update (``Instructor.push``).
- ``Student``: what a student does over HTTP, with aiohttp: the login form, the hub's REST
  API with their own token, nbgitpuller's pull stream, and a kernel of their server over
  its websocket (cells run one by one, as JupyterLab sends them).
- ``student_processes``/``pss_kib``: a student's server and kernels, and their memory.

Nothing here is a stand-in: the hub, the proxy, the single-user servers, nbgitpuller, git and
the kernels are the real programs.
"""

import asyncio
import concurrent.futures
import hashlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import aiohttp
import nbformat

from pfp_book import links
from pfp_book.paths import ROOT

HUB_TOOLS = ROOT / "tools" / "hub"
CONFIG = HUB_TOOLS / "jupyterhub_config.py"
PROXY = HUB_TOOLS / "node_modules" / ".bin" / "configurable-http-proxy"
BIN = Path(sys.executable).parent
# nbgitpuller clones into a folder named after the repository, and the links' urlpath
# opens that folder: the local repository takes the name of the one in _config.yml
REPO_NAME = urlparse(links.repository()[0]).path.rstrip("/").split("/")[-1]
GIT_ID = ["-c", "user.name=Instructor", "-c", "user.email=instructor@example.edu"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _load_config_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("pfp_hub_config", CONFIG)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Hub:
    """One JupyterHub and its proxy, on 127.0.0.1, with everything under ``self.dir``."""

    def __init__(self, workdir):
        if not PROXY.exists():
            raise RuntimeError(f"{PROXY} is missing: run `make setup` (npm ci in tools/hub)")
        self.dir = Path(workdir)
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "homes").mkdir(exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.service_token = secrets.token_hex(32)
        self.passwords = {}
        self.password_file = self.dir / "passwords.json"
        self.password_file.write_text("{}")
        self.env = dict(os.environ)
        self.env.pop("PFP_CHARTS", None)  # a student's kernel has no chart mode variable
        self.env.update({
            "PFP_HUB_DIR": str(self.dir), "PFP_HUB_PASSWORDS": str(self.password_file),
            "PFP_HUB_PORT": str(self.port), "PFP_HUB_API_PORT": str(free_port()),
            "PFP_PROXY_API_PORT": str(free_port()),
            "PFP_HUB_SERVICE_TOKEN": self.service_token,
            "CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(32),
        })
        self.proc = None
        self.starts = 0

    def add_students(self, names):
        """Give each name a random password (kept here, stored hashed for the hub)."""
        hash_password = _load_config_module().hash_password
        for name in names:
            self.passwords[name] = secrets.token_urlsafe(12)
        stored = {n: hash_password(p) for n, p in self.passwords.items()}
        self.password_file.write_text(json.dumps(stored))

    def home(self, name):
        return self.dir / "homes" / name

    def start(self, timeout=120):
        self.starts += 1
        log = open(self.dir / f"hub-{self.starts}.log", "w")
        self.proc = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(CONFIG)], cwd=self.dir, env=self.env,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("jupyterhub exited:\n" + self.log()[-4000:])
            try:
                self.api("GET", "/users")
                return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"the hub did not answer in {timeout} s:\n" + self.log()[-4000:])

    def log(self):
        return (self.dir / f"hub-{self.starts}.log").read_text(errors="replace")

    def api(self, method, path, body=None, timeout=60):
        """The hub's REST API as the driver service (an admin), synchronously."""
        import urllib.request

        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.url}/hub/api{path}", data=data, method=method,
            headers={"Authorization": f"token {self.service_token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
        return json.loads(text) if text else None

    def new_token(self, name):
        if not self._exists(name):
            self.api("POST", "/users", {"usernames": [name]})
        return self.api("POST", f"/users/{name}/tokens",
                        {"note": "pfp test", "expires_in": 3600})["token"]

    def _exists(self, name):
        import urllib.error

        try:
            self.api("GET", f"/users/{name}")
            return True
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return False
            raise

    def stop_hub(self, timeout=30):
        """SIGTERM the hub alone; with cleanup_servers/cleanup_proxy off (the config), the
        students' servers and the proxy keep running, as when a real hub is upgraded."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def stop_all(self):
        """Stop every student's server through the hub, then the hub, then the proxy;
        kill whatever still runs from this hub's folder. Returns what had to be killed."""
        began = time.monotonic()
        if self.proc and self.proc.poll() is None:
            try:
                running = [u["name"] for u in self.api("GET", "/users") if u.get("servers")]
                # all at once: each stop waits for that server to shut its kernels down
                with concurrent.futures.ThreadPoolExecutor(8) as pool:
                    list(pool.map(lambda n: self.api("DELETE", f"/users/{n}/server",
                                                     timeout=120), running))
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline and any(
                        u.get("servers") for u in self.api("GET", "/users")):
                    time.sleep(0.5)
            except OSError:
                pass
        self.stopped_servers_in = time.monotonic() - began
        self.stop_hub()
        proxy_pid = self.dir / "proxy.pid"
        if proxy_pid.exists():
            _terminate(int(proxy_pid.read_text().strip() or 0))
        leftovers = self.processes()
        for pid in leftovers:
            _terminate(pid)
        return leftovers

    def processes(self):
        """PIDs of processes whose working directory is in this hub's folder."""
        return sorted(pid for pid, cwd in _proc_cwds().items()
                      if cwd == self.dir or self.dir in cwd.parents)


def _terminate(pid):
    if pid <= 0:
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(50):
        if not Path(f"/proc/{pid}").exists() or _zombie(pid):
            return
        time.sleep(0.1)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _alive(pid):
    return pid is not None and Path(f"/proc/{pid}").exists() and not _zombie(pid)


def _zombie(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def _proc_cwds():
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                out[int(entry.name)] = Path(os.readlink(entry / "cwd"))
            except OSError:
                continue
    return out


def _ppid(pid):
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def student_processes(name):
    """The student's single-user server and every process below it (kernels)."""
    server = None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"jupyterhub-singleuser" in cmdline and f"JUPYTERHUB_USER={name}".encode() in environ:
            server = int(entry.name)
            break
    if server is None:
        return []
    family, changed = {server}, True
    while changed:
        changed = False
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and int(entry.name) not in family:
                try:
                    if _ppid(int(entry.name)) in family:
                        family.add(int(entry.name))
                        changed = True
                except OSError:
                    continue
    return sorted(family)


def cpu_seconds(pid):
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pss_kib(pid, field="Pss"):
    """Proportional set size of a process (its share of shared pages), in KiB; with
    field="Rss", every page it maps counted in full (closer to what a container's memory
    limit charges when students do not share one machine's page cache)."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise ValueError(f"no {field} line for {pid}")


def kernel_pid(name, kernel_id):
    for pid in student_processes(name):
        try:
            if f"kernel-{kernel_id}".encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
        except OSError:
            continue
    return None


# -- the course repository -------------------------------------------------------------

def _git(*args, cwd):
    return subprocess.run(["git", *GIT_ID, *args], cwd=cwd, check=True,
                          capture_output=True, text=True).stdout


class Instructor:
    """A bare repository (what students pull) and the instructor's working copy of it."""

    def __init__(self, root):
        self.root = Path(root)
        self.remote = self.root / "remote" / REPO_NAME
        self.work = self.root / "work"

    @property
    def url(self):
        return self.remote.as_uri()

    def push(self, message):
        _git("add", "-A", cwd=self.work)
        _git("commit", "-q", "-m", message, cwd=self.work)
        _git("push", "-q", "origin", "HEAD:main", cwd=self.work)

    def files(self):
        return tree_digest(self.work, skip=(".git",))


def course_repository(root):
    """A local git repository of the student release (tools/student_release.py: the
    chapters, the student exercise sets, the data package; no solutions or hidden tests)."""
    teacher = Instructor(root)
    teacher.remote.parent.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(teacher.remote)],
                   check=True)
    subprocess.run([sys.executable, str(ROOT / "tools" / "student_release.py"),
                    "--out", str(teacher.work)], check=True, capture_output=True, cwd=ROOT)
    _git("init", "-q", "-b", "main", cwd=teacher.work)
    _git("remote", "add", "origin", teacher.url, cwd=teacher.work)
    teacher.push("Student release")
    return teacher


def exercise_plan(name="01-origins", question="q1"):
    """What a student types for ``question`` of an exercise set: the master's solution as
    the right answer, and the same name bound to a number typed as text as the wrong one
    (the public tests must answer it with a sentence, not a traceback)."""
    master = nbformat.read(ROOT / "exercises" / "source" / f"{name}.ipynb", as_version=4)
    cells = master.cells
    start = next(i for i, c in enumerate(cells)
                 if c.cell_type == "raw" and c.source.startswith("# BEGIN QUESTION")
                 and f"name: {question}" in c.source)
    solution = next(c for c in cells[start:] if c.cell_type == "code")
    lines = [line for line in solution.source.splitlines() if "# SOLUTION" in line]
    variable = lines[0].split("=")[0].strip()
    student = nbformat.read(ROOT / "exercises" / "student" / f"{name}.ipynb", as_version=4)
    setup = [c.source for c in student.cells if c.cell_type == "code"][:2]
    return {"notebook": f"exercises/student/{name}.ipynb", "setup": setup,
            "question": question,
            "right": solution.source.replace("# SOLUTION", ""),
            "wrong": f'{variable} = "23"'}


def tree_digest(folder, skip=(".git", ".ipynb_checkpoints")):
    """{relative path: sha256} of every file under ``folder``."""
    folder = Path(folder)
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(part in skip for part in rel.parts):
            out[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def with_repository(link, repo_url):
    """An nbgitpuller link with its repository replaced (links.py reads the public one
    from _config.yml; the tests serve the same layout from a local repository)."""
    parsed = urlparse(link)
    query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
    query["repo"] = repo_url
    return parsed._replace(query=urlencode(query)).geturl()


# -- a student over HTTP ---------------------------------------------------------------

class KernelDied(RuntimeError):
    pass


class Student:
    """One student's HTTP session: cookies for the hub's pages, a token for the APIs.
    Every request to the hub is timed into ``hub_times`` (seconds)."""

    def __init__(self, hub, name):
        self.hub, self.name = hub, name
        self.password = hub.passwords[name]
        self.token = None
        self.hub_times = []
        self.http = None

    async def __aenter__(self):
        self.http = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            timeout=aiohttp.ClientTimeout(total=600))
        return self

    async def __aexit__(self, *exc):
        await self.http.close()

    @property
    def server(self):
        return f"{self.hub.url}/user/{self.name}"

    def _auth(self):
        return {"Authorization": f"token {self.token}"}

    async def _hub(self, method, path, **kw):
        start = time.perf_counter()
        async with self.http.request(method, self.hub.url + path, **kw) as response:
            body = await response.read()
        self.hub_times.append(time.perf_counter() - start)
        return response, body

    async def log_in(self, password=None):
        """The login form, as a browser posts it. Returns True if the hub accepted it."""
        await self._hub("GET", "/hub/login")
        xsrf = next((c.value for c in self.http.cookie_jar if c.key == "_xsrf"), "")
        response, _ = await self._hub(
            "POST", "/hub/login", allow_redirects=False,
            data={"username": self.name, "password": password or self.password,
                  "_xsrf": xsrf})
        return response.status == 302 and "/hub/login" not in response.headers.get(
            "Location", "/hub/login")

    async def api(self, method, path, json_body=None, expect=(200, 201, 202, 204)):
        response, body = await self._hub(method, "/hub/api" + path, json=json_body,
                                         headers=self._auth())
        if response.status not in expect:
            raise RuntimeError(f"{method} {path}: {response.status} {body[:300]!r}")
        return json.loads(body) if body else None

    async def spawn(self, timeout=240):
        """Start the student's server and wait until the hub says it is ready (seconds)."""
        start = time.perf_counter()
        await self.api("POST", f"/users/{self.name}/server", expect=(201, 202, 400))
        while time.perf_counter() - start < timeout:
            user = await self.api("GET", f"/users/{self.name}")
            server = user.get("servers", {}).get("")
            if server and server.get("ready"):
                return time.perf_counter() - start
            await asyncio.sleep(0.25)
        raise TimeoutError(f"{self.name}'s server not ready after {timeout} s")

    async def server_api(self, method, path, json_body=None, expect=(200, 201, 204)):
        async with self.http.request(method, f"{self.server}/api{path}", json=json_body,
                                     headers=self._auth()) as response:
            body = await response.read()
            if response.status not in expect:
                raise RuntimeError(f"{method} {path}: {response.status} {body[:300]!r}")
        return json.loads(body) if body else None

    async def git_pull(self, repo, branch="main"):
        """nbgitpuller's pull, as its page runs it: the event stream of /git-pull/api.
        Returns the last event (phase 'finished' or 'error') and every line of output."""
        query = urlencode({"repo": repo, "branch": branch})
        lines, last = [], None
        async with self.http.get(f"{self.server}/git-pull/api?{query}",
                                 headers=self._auth()) as response:
            if response.status != 200:
                raise RuntimeError(f"git-pull: HTTP {response.status}")
            async for raw in response.content:
                line = raw.decode().strip()
                if not line.startswith("data:"):
                    continue
                event = json.loads(line[5:])
                lines.append(event.get("output", ""))
                if event.get("phase") in ("finished", "error"):
                    last = event
                    break
        return last, lines

    async def start_kernel(self, path):
        session = await self.server_api("POST", "/sessions", {
            "path": path, "type": "notebook", "name": Path(path).name,
            "kernel": {"name": "python3"}})
        return session["kernel"]["id"]

    async def wait_idle(self, kernel_id, not_pid=None, timeout=120):
        """Wait until the kernel runs in a live process (other than ``not_pid``) and answers
        a kernel_info request on its websocket, as Lab asks when it connects; returns its
        pid. Not the server's ``execution_state``: after an automatic restart on new ports
        the server's activity watch stays on the old ones and the state stays "busy"
        until a client connects."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid = kernel_pid(self.name, kernel_id)
            if _alive(pid) and pid != not_pid and await self._answers(kernel_id):
                return pid
            await asyncio.sleep(1)
        raise TimeoutError(f"kernel {kernel_id} did not answer kernel_info in {timeout} s")

    async def _answers(self, kernel_id, timeout=15):
        ws_url = f"{self.server}/api/kernels/{kernel_id}/channels".replace("http", "ws", 1)
        msg_id = uuid.uuid4().hex
        try:
            async with self.http.ws_connect(ws_url, headers=self._auth(),
                                            max_msg_size=0) as ws:
                await ws.send_str(json.dumps({
                    "header": {"msg_id": msg_id, "session": uuid.uuid4().hex,
                               "username": self.name, "msg_type": "kernel_info_request",
                               "version": "5.3"},
                    "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                    "content": {}}))
                end = time.monotonic() + timeout
                while time.monotonic() < end:
                    message = await asyncio.wait_for(ws.receive(), end - time.monotonic())
                    if message.type != aiohttp.WSMsgType.TEXT:
                        return False
                    msg = json.loads(message.data)
                    if (msg["msg_type"] == "kernel_info_reply"
                            and msg.get("parent_header", {}).get("msg_id") == msg_id):
                        return True
        except (TimeoutError, aiohttp.ClientError):
            return False
        return False

    async def restart_kernel(self, kernel_id, dead_pid=None, timeout=120):
        """Restart, as the student does from Lab's Kernel menu after "kernel died". The
        server first restarts a dead kernel on its own: let that finish, then restart."""
        await self.wait_idle(kernel_id, not_pid=dead_pid, timeout=timeout)
        before = kernel_pid(self.name, kernel_id)
        deadline = time.monotonic() + timeout
        while True:
            try:
                await self.server_api("POST", f"/kernels/{kernel_id}/restart")
                break
            except RuntimeError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(1)
        return await self.wait_idle(kernel_id, not_pid=before, timeout=timeout)

    async def run_code(self, kernel_id, sources, on_cell=None, timeout=300):
        """Run each source in the kernel in order, as JupyterLab does; stop at the first
        error. Returns [{"text": ..., "error": ... or None}] per cell run."""
        ws_url = f"{self.server}/api/kernels/{kernel_id}/channels".replace("http", "ws", 1)
        session_id = uuid.uuid4().hex
        pid = kernel_pid(self.name, kernel_id)
        results = []
        # No client heartbeat, as in JupyterLab: with 16 students on two cores a starved
        # server missed aiohttp's pong deadline and the client dropped a live kernel. A
        # dead kernel is noticed by its process below, the way Lab notices it by its state.
        async with self.http.ws_connect(ws_url, headers=self._auth(),
                                        max_msg_size=0) as ws:
            for index, code in enumerate(sources):
                msg_id = uuid.uuid4().hex
                await ws.send_str(json.dumps({
                    "header": {"msg_id": msg_id, "session": session_id, "username": self.name,
                               "msg_type": "execute_request", "version": "5.3"},
                    "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                    "content": {"code": code, "silent": False, "store_history": True,
                                "user_expressions": {}, "allow_stdin": False,
                                "stop_on_error": True}}))
                result = {"text": "", "error": None}
                replied = idle = False
                waited = 0.0
                while not (replied and idle):
                    try:
                        message = await asyncio.wait_for(ws.receive(), 5)
                    except TimeoutError:
                        # a killed kernel may die without a word on the websocket: notice
                        # it the way Lab does, by its state, not by waiting forever
                        waited += 5
                        if not _alive(pid):
                            raise KernelDied(f"kernel died at cell {index}") from None
                        if waited > timeout:
                            raise
                        continue
                    if message.type != aiohttp.WSMsgType.TEXT:
                        raise KernelDied(f"kernel websocket closed ({message.type})")
                    msg = json.loads(message.data)
                    kind, content = msg["msg_type"], msg["content"]
                    if kind == "status" and content["execution_state"] in ("restarting",
                                                                             "dead"):
                        raise KernelDied(f"kernel {content['execution_state']} at cell {index}")
                    if msg.get("parent_header", {}).get("msg_id") != msg_id:
                        continue
                    if kind == "stream":
                        result["text"] += content["text"]
                    elif kind in ("execute_result", "display_data"):
                        result["text"] += content["data"].get("text/plain", "")
                    elif kind == "error":
                        result["error"] = f"{content['ename']}: {content['evalue']}"[:500]
                    elif kind == "execute_reply":
                        replied = True
                    elif kind == "status" and content["execution_state"] == "idle":
                        idle = True
                results.append(result)
                if on_cell:
                    await on_cell(index)
                if result["error"]:
                    break
        return results

    async def run_notebook(self, path, on_cell=None, kernel_id=None):
        """Run every code cell of a notebook in the student's home on a kernel of their
        server. Returns (kernel id, per-cell results)."""
        model = await self.server_api("GET", f"/contents/{path}?content=1")
        sources = [cell["source"] for cell in model["content"]["cells"]
                   if cell["cell_type"] == "code"]
        kernel_id = kernel_id or await self.start_kernel(path)
        return kernel_id, await self.run_code(kernel_id, sources, on_cell=on_cell)

    async def edit_notebook(self, path, marker):
        """What a student does to a notebook: rewrite a code cell and add one of their own,
        then save. Returns the two cells' sources as saved."""
        model = await self.server_api("GET", f"/contents/{path}?content=1")
        notebook = model["content"]
        code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        code[-1]["source"] = f"# {marker}: my own answer\n{code[-1]['source']}"
        note = f"My notes ({marker}): NATO, 1994."
        notebook["cells"].append({"cell_type": "markdown", "metadata": {}, "source": note})
        await self.server_api("PUT", f"/contents/{path}",
                              {"type": "notebook", "format": "json", "content": notebook})
        return [code[-1]["source"], note]


def errors(results):
    return [r["error"] for r in results if r["error"]]


# -- a class at once -------------------------------------------------------------------

def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def student_day(hub, name, repo_url, chapter):
    """One student's start of a lesson: log in, start their server, get the course with
    nbgitpuller, run a chapter, edit and save an exercise set, get the course again.
    Returns what happened and what it cost."""
    out = {"name": name}
    async with Student(hub, name) as student:
        out["logged_in"] = await student.log_in()
        student.token = await hub_token(hub, student, name)
        out["spawn_s"] = await student.spawn()
        event, _ = await student.git_pull(repo_url)
        out["pull"] = event.get("phase")
        start = time.perf_counter()
        kernel_id, results = await student.run_notebook(f"{REPO_NAME}/{chapter}")
        out["chapter_s"] = time.perf_counter() - start
        out["cells"], out["errors"] = len(results), errors(results)
        family = student_processes(name)
        kernel = kernel_pid(name, kernel_id)
        out["server_pss_mib"] = sum(pss_kib(p) for p in family if p != kernel) / 1024
        out["kernel_pss_mib"] = pss_kib(kernel) / 1024 if kernel else None
        out["processes"] = len(family)
        out["rss_mib"] = sum(pss_kib(p, "Rss") for p in family) / 1024
        out["kernel_cpu_s"] = cpu_seconds(kernel) if kernel else None
        out["server_cpu_s"] = sum(cpu_seconds(p) for p in family if p != kernel)
        exercise = f"{REPO_NAME}/exercises/student/01-origins.ipynb"
        mine = await student.edit_notebook(exercise, f"work of {name}")
        event, _ = await student.git_pull(repo_url)
        out["second_pull"] = event.get("phase")
        model = await student.server_api("GET", f"/contents/{exercise}?content=1")
        kept = [c["source"] for c in model["content"]["cells"]]
        out["work_kept"] = all(source in kept for source in mine)
        out["hub_times"] = student.hub_times
    return out


async def hub_token(hub, student, name):
    """A token for ``name``, made by the driver service (what an admin's script does)."""
    headers = {"Authorization": f"token {hub.service_token}"}
    async with student.http.post(f"{hub.url}/hub/api/users/{name}/tokens", headers=headers,
                                 json={"note": "pfp test", "expires_in": 3600}) as response:
        if response.status != 201:
            raise RuntimeError(f"token for {name}: HTTP {response.status}")
        return (await response.json())["token"]


async def probe_hub(hub, stop, times, period=0.25):
    """Ask the hub for its user list every ``period`` s until ``stop`` is set: its
    response time while the class starts is what every student's click waits on too."""
    headers = {"Authorization": f"token {hub.service_token}"}
    async with aiohttp.ClientSession() as http:
        while not stop.is_set():
            start = time.perf_counter()
            async with http.get(f"{hub.url}/hub/api/users", headers=headers) as response:
                await response.read()
            times.append(time.perf_counter() - start)
            await asyncio.sleep(period)


async def class_starts(hub, names, repo_url, chapter):
    """Every student of ``names`` starts at the same moment. Returns per-student results
    and the hub's response times (seconds) as the probe and the students saw them."""
    stop, probe_times = asyncio.Event(), []
    probe = asyncio.create_task(probe_hub(hub, stop, probe_times))
    start = time.perf_counter()
    try:
        students = await asyncio.gather(
            *(student_day(hub, name, repo_url, chapter) for name in names),
            return_exceptions=True)
    finally:
        stop.set()
        await probe
    wall = time.perf_counter() - start
    student_times = [t for s in students if isinstance(s, dict) for t in s.pop("hub_times")]
    return {"students": [s if isinstance(s, dict) else {"failed": repr(s)} for s in students],
            "wall_s": wall, "probe_times": probe_times, "student_hub_times": student_times}


def summarise(run):
    """Figures of one class start: medians and maxima per student, the hub's p95."""
    ok = [s for s in run["students"] if "failed" not in s]
    per = [s["server_pss_mib"] + (s["kernel_pss_mib"] or 0) for s in ok]
    return {
        "students": len(run["students"]),
        "succeeded": sum(1 for s in ok if s["logged_in"] and s["pull"] == "finished"
                         and not s["errors"] and s["work_kept"]),
        "wall_s": round(run["wall_s"], 1),
        "spawn_s_median": round(percentile([s["spawn_s"] for s in ok], 0.5), 2),
        "spawn_s_max": round(max(s["spawn_s"] for s in ok), 2),
        "chapter_s_median": round(percentile([s["chapter_s"] for s in ok], 0.5), 1),
        "student_pss_mib_median": round(percentile(per, 0.5), 1),
        "student_pss_mib_max": round(max(per), 1),
        "server_pss_mib_median": round(percentile([s["server_pss_mib"] for s in ok], 0.5), 1),
        "kernel_pss_mib_median": round(
            percentile([s["kernel_pss_mib"] for s in ok], 0.5), 1),
        "kernel_cpu_s_median": round(percentile([s["kernel_cpu_s"] for s in ok], 0.5), 1),
        "server_cpu_s_median": round(percentile([s["server_cpu_s"] for s in ok], 0.5), 1),
        "student_rss_mib_median": round(percentile([s["rss_mib"] for s in ok], 0.5), 1),
        "hub_probe_p95_ms": round(1000 * percentile(run["probe_times"], 0.95), 1),
        "hub_requests_p95_ms": round(1000 * percentile(run["student_hub_times"], 0.95), 1),
    }
