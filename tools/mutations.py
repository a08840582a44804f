"""One mutation per course notebook, tried by tools/run_notebooks.py after the notebook has run.

A number in a derivation cell is changed (`replace`: old text → new text; the old text occurs once in the only code
cell that contains `cell`). That cell and the code cells after it run again down to the next check cell, which must
then fail with an error containing `message`, the name of what it checks. Then the original cells run again and the
check passes as it did. tools/tests/test_notebooks_structure.py requires an entry for every notebook.
"""

MUTATIONS = {
    # one entry of XW + b by hand, with a term of the sum left out
    "00-getting-started": dict(cell="double byHand = b.get(0, 0);", replace=("l < 3", "l < 2"),
                               message="(XW + b)₁₀ = Σ_l X₁ₗ W_l0 + b₀"),
    # o_j = f(Σ_i I_i w_ij + b_j) by loops, with the last input left out
    "01-dense-forward": dict(cell="double[] byHand = new double[2];", replace=("i < 3", "i < 2"),
                             message="o_j = f(Σ_i I_i w_ij + b_j) by loops equals f(I·w + b)"),
    # ∂J/∂b = (1/m) 1ᵀ Δ with 2/m instead of 1/m
    "02-dense-backward": dict(cell="Matrix dJdb = ", replace=("scale(1.0 / m)", "scale(2.0 / m)"),
                              message="∂J/∂b = (1/m) 1ᵀ Δ against finite differences"),
    # a minibatch of 6 samples where the check expects m × neurons_num = 5×3
    "03-dense-layer-design": dict(cell="Matrix Y = net.forward(X);", replace=("gaussian(5, 4, 1)", "gaussian(6, 4, 1)"),
                                  message="output is m × neurons_num = 5×3"),
    # the exact ∂L/∂w0 = (o − t)(1 − o²) I_0 with the wrong input I_1
    "04-gd-vs-sgd-and-precision": dict(cell="double exact = ", replace=("* I[0];", "* I[1];"),
                                       message="double at h = 1e-5 passes"),
    # the source's product is NaN only once σ(z) rounds to 1: not at z = 35
    "05-activations-and-log-loss": dict(cell="double[] zs = {5, 20, 30, 40};", replace=("30, 40}", "30, 35}"),
                                        message="the source's two-step product is NaN"),
    # Z = W·A1 + b by loops, with the second input left out of the sum over k
    "06-column-convention-layer": dict(cell="Matrix Zloop = Matrix.zeros(3, m);", replace=("k < 2", "k < 1"),
                                       message="Z = W·A1 + b equals the loop over j, i, k"),
    # 1400 epochs recorded where the chart should show the source's 1500
    "07-xor": dict(cell="History history = train(net, 1500, ", replace=("train(net, 1500, ", "train(net, 1400, "),
                   message="epochs' costs of the source's loop"),
    # ½ (y − t)ᵀ(y − t) with 0.4 instead of ½
    "08-vectorized-backprop": dict(cell="double mse(Matrix y, Matrix t) {", replace=("scale(0.5)", "scale(0.4)"),
                                   message="½ (y − t)ᵀ(y − t) = ½ Σ_c (y_c − t_c)²"),
    # ½ eᵀe divided by 3 instead of 2
    "09-deep-random-net": dict(cell="double matmul = ", replace=("get(0, 0) / 2", "get(0, 0) / 3"),
                               message="½ eᵀe is the library's ½ ‖y − t‖²"),
    # He's s² = 2/n by hand, with LeCun's 1/n instead
    "10-relu-and-he": dict(cell='Initializer he = Initializers.of("He 2/n"',
                           replace=("Math.sqrt(2.0 / n)", "Math.sqrt(1.0 / n)"),
                           message="He, layer 1: E[a₁²] = n·s²·E[x²] = 2·E[x²]"),
    # the softmax Jacobian p_i (δ_ij − p_j) by hand, with 2 instead of δ_ii = 1
    "11-softmax-and-cross-entropy": dict(cell="Matrix jacobianByHand(Matrix p) {",
                                         replace=("(i == j ? 1 : 0)", "(i == j ? 2 : 0)"),
                                         message="J = diag(p) − p pᵀ against finite differences"),
    # Adam by hand, with the first moment's bias correction one step off: 1 − β1^(t+1)
    "12-optimizers": dict(cell="Rule adamRule(double lr, double b1, double b2) {",
                          replace=("m[k] / (1 - Math.pow(b1, t))", "m[k] / (1 - Math.pow(b1, t + 1))"),
                          message="Adam: 3 steps by hand = the library's"),
    # L2 weight decay with SGD by hand, with twice the decay: (1 − 2ελ) W − ε g
    "13-generalization": dict(cell="double decay = weight ? 1 - lr * lambda : 1;",
                              replace=("1 - lr * lambda", "1 - 2 * lr * lambda"),
                              message="after one step = (1 − ελ) W − ε g"),
    # the digits network trained for 1 epoch instead of 30 falls short of 97% on the test digits
    "14-digits": dict(cell="History history = Trainer.of(", replace=("int EPOCHS = 30;", "int EPOCHS = 1;"),
                      message="is at least 97%"),
}
