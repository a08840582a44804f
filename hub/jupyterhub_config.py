"""JupyterHub for a class on one machine: `sudo ./course hub` (tools/hub.py) runs it with this file.

Every student is a Unix account (nbgrader files a submission under the account's name) and logs in with its
password (PAM, JupyterHub's default). Each student's JupyterLab runs as that account, with the hub's Python
environment ($NNCOURSE_HUB/venv, built from a Python every account can run), the course's learner configuration
(jupyter/learner/) plus the students' parts of nbgrader (jupyter/hub-student/: Assignment List and Validate), the
Java kernel with the library on its class path, and nbgrader's exchange at $NNCOURSE_HUB/exchange. The same settings
go into the Zero to JupyterHub values of docs/instructors.md.

Environment (set by tools/hub.py): NNCOURSE_HUB, the hub's folder (default /srv/nncourse); NNCOURSE_HUB_API_TOKEN,
if set, a token with which a script (tools/tests/test_hub.py) manages the students' servers as a hub service.
"""
import os
import shutil
from pathlib import Path

c = get_config()  # noqa: F821 (injected by JupyterHub)

HUB = Path(os.environ.get("NNCOURSE_HUB") or "/srv/nncourse")
STATE = HUB / "state"

c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "cookie_secret")
c.ConfigurableHTTPProxy.command = [str(HUB / "venv" / "bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.hub_ip = "127.0.0.1"

# Who may log in: the students `./course hub add-students` created (one login name a line), and the instructors.
roster = HUB / "students.txt"
c.Authenticator.allowed_users = set(roster.read_text().split()) if roster.is_file() else set()

# Each student's JupyterLab.
c.Spawner.cmd = [str(HUB / "venv" / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {
    # The students' configuration first (it wins), then the learner's, as ./course lab has it.
    "JUPYTER_CONFIG_PATH": os.pathsep.join([str(HUB / "etc" / "jupyter" / "student"),
                                            str(HUB / "etc" / "jupyter" / "learner")]),
    "PATH": os.pathsep.join([str(HUB / "venv" / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120


def before_start(spawner):
    """In the student's home: ~/target/lib, a link to the library, which an assignment fetched into ~/<assignment>/
    loads with `%classpath ../target/lib/*.jar`; and the course's CSS (readable errors in the dark theme) where
    JupyterLab serves custom CSS from, ~/.jupyter/custom/ (JupyterLab's settings stay the student's own)."""
    import pwd

    account = pwd.getpwnam(spawner.user.name)
    home = Path(account.pw_dir)

    def own(path):
        os.chown(path, account.pw_uid, account.pw_gid, follow_symlinks=False)

    for d in (home / "target", home / ".jupyter", home / ".jupyter" / "custom"):
        d.mkdir(exist_ok=True)
        own(d)
    lib = home / "target" / "lib"
    if not lib.is_symlink() or os.readlink(lib) != str(HUB / "lib"):
        if lib.is_symlink():
            lib.unlink()
        lib.symlink_to(HUB / "lib", target_is_directory=True)
        own(lib)
    shutil.copyfile(HUB / "etc" / "custom.css", home / ".jupyter" / "custom" / "custom.css")
    own(home / ".jupyter" / "custom" / "custom.css")


c.Spawner.pre_spawn_hook = before_start

token = os.environ.get("NNCOURSE_HUB_API_TOKEN")
if token:
    c.JupyterHub.services = [{"name": "course-admin", "api_token": token}]
    c.JupyterHub.load_roles = [{"name": "course-admin", "services": ["course-admin"],
                                "scopes": ["admin:users", "admin:servers", "tokens", "access:servers",
                                           "list:users", "read:users"]}]
