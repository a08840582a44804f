"""docs/instructors.md in step with what runs: the points table is the notebooks', the grade ids of its examples
(and the README's) are ones the layout test accepts (the doc's `nb05-ex3` was not), and the Zero to JupyterHub values
are the one-machine hub's settings (hub/jupyterhub_config.py, tools/hub.py) for /srv/nncourse."""
import re
from pathlib import Path

import yaml

from tools import grading, hub

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "instructors.md").read_text(encoding="utf-8")
GRADE_ID = re.compile(r"^ex\d\d-[a-z0-9]+(?:-[a-z0-9]+)*(?:-test)?$")   # test_notebook_layout.GRADE_ID, or its test


def test_points_table_is_the_notebooks():
    table = grading.points_table()
    assert table in DOC, ("docs/instructors.md's points table is not the notebooks'; replace it with the output of "
                          f"`python -m tools.grading points`:\n{table}")


def test_example_grade_ids_are_valid():
    text = DOC + (ROOT / "README.md").read_text(encoding="utf-8")
    ids = re.findall(r"grade_id ([\w-]+)", text) + re.findall(r"nbgrader=(?:solution|tests|answer):([\w-]+)", text)
    ids += re.findall(r"^  [✓✗✎] (\S+)", text, flags=re.M)
    ids = [i for i in ids if not i.startswith("<")]
    assert ids, "no grade ids found in the examples"
    bad = [i for i in ids if not GRADE_ID.match(i)]
    assert not bad, f"grade ids in the docs that the layout test rejects: {bad}"


def z2jh_values():
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", DOC, flags=re.S) if b.startswith("singleuser:"))
    return yaml.safe_load(block)["singleuser"]


def hub_config():
    from traitlets.config.loader import PyFileConfigLoader
    import os

    old = os.environ.get("NNCOURSE_HUB")
    os.environ["NNCOURSE_HUB"] = "/srv/nncourse"
    try:
        return PyFileConfigLoader("jupyterhub_config.py", path=str(ROOT / "hub")).load_config()
    finally:
        os.environ.pop("NNCOURSE_HUB") if old is None else os.environ.__setitem__("NNCOURSE_HUB", old)


def test_kubernetes_values_match_the_hub_on_one_machine():
    values, config = z2jh_values(), hub_config()
    assert values["defaultUrl"] == config.Spawner.default_url
    assert values["extraEnv"]["JUPYTER_CONFIG_PATH"] == config.Spawner.environment["JUPYTER_CONFIG_PATH"]
    mounts = {m["mountPath"] for m in values["storage"]["extraVolumeMounts"]}
    exchange = re.search(r'c.Exchange.root = "([^"]+)"', hub.student_nbgrader("/srv/nncourse"))[1]
    assert exchange in mounts, (exchange, mounts)
    start = " ".join(values["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert "ln -sfn /srv/nncourse/lib ~/target/lib" in start and "/srv/nncourse/etc/custom.css" in start, start
    source = (ROOT / "hub" / "jupyterhub_config.py").read_text()
    assert 'home / "target" / "lib"' in source and 'HUB / "lib"' in source and 'HUB / "etc" / "custom.css"' in source
