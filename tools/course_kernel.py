"""The course's kernel (kernel/src, dev.nncourse.kernel.CourseKernel): compiled against the JJava the pip package
installs, archived for a faster start, and the command line kernel.json starts it with.

- The classes are compiled by the JDK's javac against the kernelspec's jjava.jar (the pip package's; Maven Central
  has only an older JJava) into nncourse-kernel.jar beside it.
- A class-data-sharing archive, nncourse-kernel.jsa beside it, is written by running dev.nncourse.kernel.Warmup once
  with -XX:ArchiveClassesAtExit: the classes a kernel loads in its first minute (JShell, javac, JJava), which every
  kernel then maps from the file (shared between kernels) instead of loading and verifying them again.
- Both are made again when their inputs change: the sources, jjava.jar, the java binary or the JVM options (a stamp
  file records them). The archive fits one JVM build and these exact jars; a stale one is ignored by the JVM, and
  -Xlog:cds*=off keeps it from saying so in the kernel's log.
- The kernel is started directly (`java ... CourseKernel CONNECTION_FILE`), not through JJava's launcher, which is
  a second JVM that only waits for the first (about 40 MB and a few tenths of a second per kernel).
"""
import hashlib
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "kernel" / "src"
JAR, ARCHIVE, STAMP = "nncourse-kernel.jar", "nncourse-kernel.jsa", "nncourse-kernel.stamp"
MAIN, WARMUP = "dev.nncourse.kernel.CourseKernel", "dev.nncourse.kernel.Warmup"
# Shift+Tab sets JShell's source path for Javadoc (a private field of jdk.jshell); JJava's launcher opens it too.
OPENS = ["--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED"]


def java():
    """The java on PATH, as a real path: the archive fits this JVM only."""
    found = shutil.which("java")
    if not found:
        raise SystemExit("course kernel: java not found on PATH")
    return str(Path(found).resolve())


def command(spec_dir: Path, jvm: str, options: list) -> list:
    """kernel.json's argv: the JVM with the course's options, the archive if there is one, and the kernel's class."""
    spec_dir = spec_dir.resolve()
    archive = spec_dir / ARCHIVE
    share = [f"-XX:SharedArchiveFile={archive}", "-Xlog:cds*=off"] if archive.is_file() else []
    return [jvm, *options, *OPENS, *share, "-cp", classpath(spec_dir), MAIN, "{connection_file}"]


def classpath(spec_dir: Path) -> str:
    return os.pathsep.join([str(spec_dir / "jjava.jar"), str(spec_dir / JAR)])


def build(spec_dir: Path, jvm: str, options: list) -> bool:
    """Compiles the kernel and writes its archive beside kernel.json when their inputs changed; True if it did."""
    spec_dir = spec_dir.resolve()
    stamp = fingerprint(spec_dir, jvm, options)
    if (spec_dir / STAMP).is_file() and (spec_dir / STAMP).read_text() == stamp and (spec_dir / JAR).is_file():
        return False
    compile_jar(spec_dir, jvm)
    write_archive(spec_dir, jvm, options)
    (spec_dir / STAMP).write_text(stamp)
    return True


def fingerprint(spec_dir, jvm, options):
    h = hashlib.sha256()
    for path in sorted(SOURCES.rglob("*.java")):
        h.update(path.relative_to(SOURCES).as_posix().encode() + b"\0" + path.read_bytes())
    jjava = spec_dir / "jjava.jar"
    h.update(jjava.read_bytes())
    h.update("\0".join([jvm, str(os.stat(jvm).st_mtime_ns), str(jjava.stat().st_mtime_ns), *options]).encode())
    return h.hexdigest() + "\n"


def compile_jar(spec_dir, jvm):
    javac = Path(jvm).with_name("javac")
    if not javac.is_file():
        raise SystemExit(f"course kernel: {javac} not found: the kernel is compiled at set-up and needs a JDK, "
                         "not only a JRE (e.g. apt install openjdk-17-jdk-headless)")
    with tempfile.TemporaryDirectory() as out:
        sources = [str(p) for p in sorted(SOURCES.rglob("*.java"))]
        done = subprocess.run([str(javac), "--release", "17", "-nowarn", "-encoding", "UTF-8",
                               "-cp", str(spec_dir / "jjava.jar"), "-d", out, *sources], capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"course kernel: javac failed:\n{done.stdout}{done.stderr}")
        tmp = unique(spec_dir, JAR)
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as jar:
            for f in sorted(Path(out).rglob("*.class")):
                jar.write(f, f.relative_to(out).as_posix())
        os.replace(tmp, spec_dir / JAR)


def write_archive(spec_dir, jvm, options):
    """Runs the warm-up with -XX:ArchiveClassesAtExit; without an archive (say, a JVM that cannot write one) the
    kernel works as well, only starts slower."""
    archive = spec_dir / ARCHIVE
    archive.unlink(missing_ok=True)
    tmp = unique(spec_dir, ARCHIVE)
    with tempfile.TemporaryDirectory() as home:
        done = subprocess.run([jvm, *options, *OPENS, f"-XX:ArchiveClassesAtExit={tmp}", "-Xlog:cds*=off",
                               "-cp", classpath(spec_dir), WARMUP], cwd=home, capture_output=True, text=True,
                              timeout=600, stdin=subprocess.DEVNULL)
    if done.returncode == 0 and tmp.is_file():
        os.replace(tmp, archive)
    else:
        tmp.unlink(missing_ok=True)
        print(f"course kernel: no class-data archive (the kernel starts slower): exit {done.returncode}\n"
              + "\n".join((done.stdout + done.stderr).splitlines()[-10:]))


def unique(directory, name):
    """A new file name in directory for a file that becomes `name` (two set-ups at once write different files)."""
    fd, path = tempfile.mkstemp(dir=directory, prefix=name + ".", suffix=".tmp")
    os.close(fd)
    os.unlink(path)
    return Path(path)
