"""The first set-up (tools/bootstrap.py) shows its progress, readably, and Maven prints no stray escape codes."""
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
from tools import bootstrap

MAVEN = """[INFO] Scanning for projects...
Downloading from central: https://repo.maven.apache.org/maven2/org/knowm/xchart/xchart/3.8.8/xchart-3.8.8.pom
Downloaded from central: https://repo.maven.apache.org/maven2/org/knowm/xchart/xchart/3.8.8/xchart-3.8.8.pom (2 kB at 9 kB/s)
[INFO] --- maven-resources-plugin:3.3.1:resources (default-resources) @ nncourse ---
[INFO] --- maven-compiler-plugin:3.13.0:compile (default-compile) @ nncourse ---
[INFO] --- maven-compiler-plugin:3.13.0:testCompile (default-testCompile) @ nncourse ---
[INFO] --- maven-surefire-plugin:3.5.2:test (default-test) @ nncourse ---
[INFO] --- maven-jar-plugin:3.4.2:jar (default-jar) @ nncourse ---
[WARNING] a warning nobody needs to see during set-up
[ERROR] /src/Foo.java:[3,1] class, interface, enum, or record expected
[INFO] BUILD FAILURE"""

PIP = """Collecting jjava==1.0a8 (from -r requirements.txt (line 4))
  Downloading jjava-1.0a8-py3-none-any.whl (5.1 MB)
Collecting jupyterlab==4.6.6 (from -r requirements.txt (line 5))
Collecting anyio>=3.1.0 (from jupyterlab==4.6.6->-r requirements.txt (line 5))
Installing collected packages: anyio, jjava, jupyterlab
Successfully installed anyio-4.0 jjava-1.0a8 jupyterlab-4.6.6"""


def shown(show, text):
    return [s for s in map(show, text.splitlines()) if s]


def test_maven_progress_is_one_line_per_step_and_the_errors():
    assert shown(bootstrap.maven_lines(), MAVEN) == [
        "resources:resources", "compiler:compile", "jar:jar",
        "[ERROR] /src/Foo.java:[3,1] class, interface, enum, or record expected",
        "BUILD FAILURE (1 files downloaded)"]


def test_maven_downloads_are_counted_every_25_files():
    show = bootstrap.maven_lines()
    lines = [show(f"Downloaded from central: https://example/{i}.jar (1 kB at 1 kB/s)") for i in range(1, 51)]
    assert [ln for ln in lines if ln] == ["25 files downloaded from Maven Central", "50 files downloaded from Maven Central"]


def test_pip_progress_names_the_pins_and_counts_the_rest():
    assert shown(bootstrap.pip_lines({"jjava", "jupyterlab"}), PIP) == [
        "collecting jjava==1.0a8", "collecting jupyterlab==4.6.6", "installing 3 packages (this takes a while)", "done"]


def test_maven_prints_no_escape_codes():
    """Maven 3.8's jansi prints ESC[0m resets even in batch mode; .mvn/jvm.config turns them off."""
    out = subprocess.run(["mvn", "-B", "-q", "-Dstyle.color=never", "validate"], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "\x1b" not in out.stdout + out.stderr, repr(out.stdout + out.stderr)
