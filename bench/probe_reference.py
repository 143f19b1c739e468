"""scikit-learn reference for bench/ProbeBench.java: LogisticRegression(lbfgs, C, max_iter=5000) on one case.

usage: /usr/bin/python3 bench/probe_reference.py <dir> <C>   (dir holds xtr.npy ytr.npy xte.npy yte.npy)
prints: accuracy objective fit_seconds n_iter  (objective = ½‖W‖² + C·Σ CE, nats, from coef_/intercept_)
"""
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression

d, c = sys.argv[1], float(sys.argv[2])
xtr, ytr = np.load(d + "/xtr.npy").astype(np.float64), np.load(d + "/ytr.npy")
xte, yte = np.load(d + "/xte.npy").astype(np.float64), np.load(d + "/yte.npy")
t0 = time.perf_counter()
m = LogisticRegression(solver="lbfgs", C=c, max_iter=5000).fit(xtr, ytr)
secs = time.perf_counter() - t0
z = xtr @ m.coef_.T + m.intercept_
mx = z.max(1, keepdims=True)
ce = np.log(np.exp(z - mx).sum(1)) + mx[:, 0] - z[np.arange(len(ytr)), np.searchsorted(m.classes_, ytr)]
obj = 0.5 * (m.coef_ ** 2).sum() + c * ce.sum()
print("%r %r %r %d" % ((m.predict(xte) == yte).mean(), obj, secs, int(np.max(m.n_iter_))))
