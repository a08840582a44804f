"""tools/dependencies.py: which later cells a changed cell can affect."""
from tools.dependencies import affected, changes, declared

CELLS = {
    0: 'class MyDense extends Layer { Matrix forward(Matrix x) { int n = 2; return x; } }',
    1: 'var mine = new MyDense();\nMatrix y = mine.forward(X); // MyDense',
    2: 'double rate(double a) { double t = a; return t; }\nvar s = "mine";',
    3: 'Layer layer = Exercise.yoursOrLibrary("dense", () -> new MyDense(), () -> Dense.of(2, 2), l -> l);',
    4: 'Trainer.of(net, loss, opt).fit(layer, y);',
    5: 'var z = rate(0.5);\nnet = z > 0 ? net : null;',
    6: 'Checks.close("net", net, z, 1e-9);',
}


def test_declared_names_are_the_top_level_ones():
    assert declared(CELLS[0]) == {"MyDense"}               # not its method's locals
    assert declared(CELLS[1]) == {"mine", "y"}
    assert declared(CELLS[2]) == {"rate", "s"}              # not the parameter a, nor the word in the string
    assert declared(CELLS[3]) == set()                      # a part chosen by yoursOrLibrary is passed on as is
    assert declared(CELLS[5]) == {"z", "net"}


def test_a_change_reaches_the_cells_that_use_it_and_no_other():
    assert affected(CELLS, 0, 7, changes(CELLS, 0)) == [1, 3, 4, 5, 6]   # 4 through y; 5 and 6 through net, which 4 changes
    assert affected(CELLS, 0, 7, declared(CELLS[0]), in_place=False) == [1, 3, 4]
    assert affected(CELLS, 2, 7, changes(CELLS, 2)) == [5, 6]
    assert affected(CELLS, 2, 6, changes(CELLS, 2)) == [5]             # not at or after the check
