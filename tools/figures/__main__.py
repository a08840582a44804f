"""python -m tools.figures: draw every figure into notebooks/figures/."""
from tools.figures import write

for path in write():
    print(f"wrote {path.relative_to(path.parents[2])}")
