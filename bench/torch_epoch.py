"""PyTorch reference for TrainEpochBench.java: MLP VAE 784-200-200-20, batch 128, Adam 1e-3, dynamic binarization.

Run with Debian's torch and the OpenMP OpenBLAS (see PLATFORM.md):
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 bench/torch_epoch.py \
      --data /work/datacache --threads 1 --epochs 1 --phase-steps 300
Prints per-epoch wall and process CPU seconds, then per-step forward/backward/Adam wall and thread-CPU ms.
"""
import argparse, os, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def idx(path):
    b = open(path, 'rb').read()
    n = int.from_bytes(b[4:8], 'big')
    return np.frombuffer(b, dtype=np.uint8, offset=16).reshape(n, 784).astype(np.float32) / 255


class Vae(nn.Module):
    def __init__(self):
        super().__init__()
        self.e1, self.e2 = nn.Linear(784, 200), nn.Linear(200, 200)
        self.mu, self.lv = nn.Linear(200, 20), nn.Linear(200, 20)
        self.d1, self.d2, self.out = nn.Linear(20, 200), nn.Linear(200, 200), nn.Linear(200, 784)

    def loss(self, x):
        h = F.relu(self.e2(F.relu(self.e1(x))))
        mu, lv = self.mu(h), self.lv(h).clamp(-12, 8)
        z = mu + torch.exp(0.5 * lv) * torch.randn_like(mu)
        logits = self.out(F.relu(self.d2(F.relu(self.d1(z)))))
        rec = F.binary_cross_entropy_with_logits(logits, x, reduction='none').sum(-1)
        kl = 0.5 * (mu.pow(2) + lv.exp() - 1 - lv).sum(-1)
        return (rec + kl).mean()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', default='/work/datacache')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--epochs', type=int, default=1)
    ap.add_argument('--phase-steps', type=int, default=300)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    x = torch.from_numpy(idx(os.path.join(a.data, 'mnist/train-images-idx3-ubyte')))
    print('torch', torch.__version__, 'threads', torch.get_num_threads(), 'LD_LIBRARY_PATH',
          os.environ.get('LD_LIBRARY_PATH'))
    m = Vae()
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    for e in range(a.epochs):
        w0, c0 = time.perf_counter(), time.process_time()
        perm = torch.randperm(x.shape[0])
        for s in range(0, x.shape[0], 128):
            xb = torch.bernoulli(x[perm[s:s + 128]])
            loss = m.loss(xb)
            opt.zero_grad()
            loss.backward()
            opt.step()
        print('epoch %d: wall %.3f s, process CPU %.3f s (train only)' % (
            e + 1, time.perf_counter() - w0, time.process_time() - c0))
    wall, cpu, warm = [0.0] * 3, [0.0] * 3, 50
    for i in range(a.phase_steps + warm):
        s = (i * 128) % (x.shape[0] - 128)
        xb = torch.bernoulli(x[s:s + 128])
        t = [(time.perf_counter(), time.thread_time())]
        loss = m.loss(xb); loss.item()
        t.append((time.perf_counter(), time.thread_time()))
        opt.zero_grad(); loss.backward()
        t.append((time.perf_counter(), time.thread_time()))
        opt.step()
        t.append((time.perf_counter(), time.thread_time()))
        if i >= warm:
            for k in range(3):
                wall[k] += t[k + 1][0] - t[k][0]
                cpu[k] += t[k + 1][1] - t[k][1]
    for k, n in enumerate(['forward+loss', 'backward', 'adam']):
        print('%-13s wall %.3f ms/step, thread CPU %.3f ms/step' % (
            n, wall[k] * 1e3 / a.phase_steps, cpu[k] * 1e3 / a.phase_steps))


if __name__ == '__main__':
    main()
