#!/usr/bin/python3
"""Writes the tiny SVHN-format fixtures (MATLAB v5 .mat, as the Stanford files train_32x32.mat / test_32x32.mat):
X uint8 (32, 32, 3, N) and y double (N, 1), labels 1..10 with 10 meaning the digit 0. Pixel X[r, c, ch, n] =
(7r + 3c + 50ch + 11n) mod 256. One plain file and one zlib-compressed file (scipy's do_compression)."""
import os
import numpy as np
import scipy.io

here = os.path.dirname(os.path.abspath(__file__))
n = 4
r, c, ch, k = np.meshgrid(np.arange(32), np.arange(32), np.arange(3), np.arange(n), indexing="ij")
X = ((7 * r + 3 * c + 50 * ch + 11 * k) % 256).astype(np.uint8)
y = np.array([[1], [10], [3], [10]], dtype=np.float64)
scipy.io.savemat(os.path.join(here, "tiny_plain.mat"), {"X": X, "y": y}, do_compression=False)
scipy.io.savemat(os.path.join(here, "tiny_compressed.mat"), {"X": X, "y": y}, do_compression=True)
