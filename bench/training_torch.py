"""bench/training driver and PyTorch reference (run by bench/training, not by hand).

Trains the same model on the same fixed-binarized MNIST data with the same initial parameters, batch size, Adam
settings and thread count in PyTorch (this process) and in LatentLab (a java child process running
bench/TrainingBench.java, which writes the data and the initial parameters), alternating epoch by epoch (the side
that goes first alternates too). Each side's epoch = one pass of Adam steps over the shuffled training set plus the
test-set evaluation (one-sample -ELBO, no gradients), as the toolkit's VaeTrainer does. Prints per-epoch times, medians
over the timed epochs (after the warm-up ones), each side's final test -ELBO, and
  RESULT training[-ghvae] ratio=<LatentLab median epoch s / PyTorch median epoch s>
"""
import argparse, os, shlex, statistics, subprocess, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class MlpVae(nn.Module):
    """784-200-200-20 VAE, names as org.latentlab.models.MlpVae; log-variance clamped to [-12, 8]."""

    def __init__(self):
        super().__init__()
        self.enc = nn.ModuleList([nn.Linear(784, 200), nn.Linear(200, 200)])
        self.mu, self.logvar = nn.Linear(200, 20), nn.Linear(200, 20)
        self.dec = nn.ModuleList([nn.Linear(20, 200), nn.Linear(200, 200)])
        self.out = nn.Linear(200, 784)

    def loss(self, x):
        h = x
        for l in self.enc:
            h = F.relu(l(h))
        mu, lv = self.mu(h), self.logvar(h).clamp(-12, 8)
        z = mu + torch.exp(0.5 * lv) * torch.randn_like(mu)
        h = z
        for l in self.dec:
            h = F.relu(l(h))
        rec = F.binary_cross_entropy_with_logits(self.out(h), x, reduction='none').sum(-1)
        kl = 0.5 * (mu.pow(2) + lv.exp() - 1 - lv).sum(-1)
        return (rec + kl).mean()


def sig(a):
    return F.softplus(a).clamp(min=1e-6)


def kl_std(mu, s):
    return (0.5 * (mu.pow(2) + s.pow(2)) - s.log() - 0.5).flatten(1).sum(-1)


def kl_diag(ma, sa, mb, sb):
    return (sb.log() - sa.log() + (sa.pow(2) + (ma - mb).pow(2)) / (2 * sb.pow(2)) - 0.5).flatten(1).sum(-1)


class Ghvae(nn.Module):
    """GHVAE-MNIST of SPEC 3(b) (HIT code), names as org.latentlab.models.Ghvae; HIT loss with beta1 = beta2 = 1."""

    def __init__(self, c=16, z2=20):
        super().__init__()
        self.c = c
        self.q_z2 = nn.ModuleDict(dict(conv1=nn.Conv2d(1, c, 4, 2, 1), conv2=nn.Conv2d(c, c, 4, 2, 1),
                                       conv3=nn.Conv2d(c, c, 4, 1, 0), mu=nn.Linear(16 * c, z2),
                                       sigma=nn.Linear(16 * c, z2)))
        self.q_z1 = nn.ModuleDict(dict(x_conv1=nn.Conv2d(1, c, 4, 2, 1), x_conv2=nn.Conv2d(c, c, 4, 2, 1),
                                       z_linear=nn.Linear(z2, 16 * c), z_convt=nn.ConvTranspose2d(c, c, 4, 1, 0),
                                       conv=nn.Conv2d(2 * c, c, 4, 1, 0), mu=nn.Conv2d(c, c, 3, 1, 1),
                                       sigma=nn.Conv2d(c, c, 3, 1, 1)))
        self.p_z1 = nn.ModuleDict(dict(hidden=nn.Linear(z2, 128), mu=nn.Linear(128, 16 * c),
                                       sigma=nn.Linear(128, 16 * c)))
        self.p_x = nn.ModuleDict(dict(convt1=nn.ConvTranspose2d(c, c, 4, 1, 0),
                                      convt2=nn.ConvTranspose2d(c, c, 4, 2, 1),
                                      convt3=nn.ConvTranspose2d(c, 1, 4, 2, 1)))

    def loss(self, x):
        b, c = x.shape[0], self.c
        img = x.view(b, 1, 28, 28)
        q = self.q_z2
        h = F.relu(q['conv3'](F.relu(q['conv2'](F.relu(q['conv1'](img)))))).flatten(1)
        mu2, s2 = q['mu'](h), sig(q['sigma'](h))
        z2 = mu2 + s2 * torch.randn_like(mu2)
        q = self.q_z1
        hx = F.relu(q['x_conv2'](F.relu(q['x_conv1'](img))))
        hz = F.relu(q['z_convt'](F.relu(q['z_linear'](z2)).view(b, c, 4, 4)))
        h = F.relu(q['conv'](torch.cat([hz, hx], 1)))
        mu1, s1 = q['mu'](h), sig(q['sigma'](h))
        z1 = mu1 + s1 * torch.randn_like(mu1)
        p = self.p_z1
        hp = F.relu(p['hidden'](z2))
        mp, sp = p['mu'](hp).view(b, c, 4, 4), sig(p['sigma'](hp)).view(b, c, 4, 4)
        d = self.p_x
        logits = d['convt3'](F.relu(d['convt2'](F.relu(d['convt1'](z1))))).view(b, 784)
        rec = F.binary_cross_entropy_with_logits(logits, x, reduction='none').sum(-1)
        return (rec + kl_std(mu2, s2) + kl_diag(mu1, s1, mp, sp)).mean()


def native_libs():
    libs = set()
    for l in open('/proc/self/maps'):
        path = l.strip().split(' ')[-1]
        if path.startswith('/') and any(k in path.rsplit('/', 1)[-1] for k in ('blas', 'mkl', 'gomp', 'omp', 'dnnl')):
            libs.add(path)
    return ','.join(sorted(libs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', choices=['mlp', 'ghvae'], required=True)
    ap.add_argument('--work', required=True)
    ap.add_argument('--java', required=True, help='java command line prefix (shell words)')
    ap.add_argument('--train', type=int, default=60000)
    ap.add_argument('--test', type=int, default=10000)
    ap.add_argument('--epochs', type=int, default=6, help='total epochs per side, warm-up included')
    ap.add_argument('--warmup', type=int, default=1)
    ap.add_argument('--batch', type=int, default=128)
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    if a.epochs - a.warmup < 3:
        sys.exit('bench/training: need at least 3 timed epochs after warm-up, got epochs=%d warmup=%d'
                 % (a.epochs, a.warmup))
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    cmd = shlex.split(a.java) + [a.model, a.work, str(a.train), str(a.test), str(a.epochs), str(a.batch),
                                 repr(a.lr), str(a.seed)]
    java = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def java_line(prefix):
        while True:
            l = java.stdout.readline()
            if not l:
                sys.exit('bench/training: java side ended early (exit %s) waiting for %s' % (java.wait(), prefix))
            if l.startswith(prefix):
                return l.split()
            print('  java: ' + l.rstrip(), flush=True)

    java_line('READY')
    xtr = torch.from_numpy(np.load(os.path.join(a.work, 'train.npy')).astype(np.float32))
    xte = torch.from_numpy(np.load(os.path.join(a.work, 'test.npy')).astype(np.float32))
    model = MlpVae() if a.model == 'mlp' else Ghvae()
    sd = model.state_dict()
    for k in sd:
        v = torch.from_numpy(np.load(os.path.join(a.work, 'init', k + '.npy')))
        if v.shape != sd[k].shape:
            sys.exit('bench/training: initial parameter %s has shape %s, torch expects %s' % (k, v.shape, sd[k].shape))
        sd[k] = v
    model.load_state_dict(sd)
    nparams = sum(p.numel() for p in model.parameters())
    print('  torch: %s, threads %d, parameters %d (same initial values as the java side), native libs %s'
          % (torch.__version__, torch.get_num_threads(), nparams, native_libs()), flush=True)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)

    def torch_epoch():
        t0 = time.perf_counter()
        model.train()
        n = xtr.shape[0]
        perm = torch.randperm(n)
        tot = 0.0
        for s in range(0, n, a.batch):
            xb = xtr[perm[s:s + a.batch]]
            loss = model.loss(xb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            tot += loss.item() * xb.shape[0]
        ev = 0.0
        with torch.no_grad():
            for s in range(0, xte.shape[0], 1000):
                xb = xte[s:s + 1000]
                ev += model.loss(xb).item() * xb.shape[0]
        return time.perf_counter() - t0, tot / n, ev / xte.shape[0]

    rows = []
    for e in range(1, a.epochs + 1):
        res = {}
        for side in (['java', 'torch'] if e % 2 else ['torch', 'java']):
            if side == 'java':
                java.stdin.write('go\n')
                java.stdin.flush()
                f = java_line('EPOCH')
                res['java'] = (float(f[2]), float(f[3]), float(f[4]))
            else:
                res['torch'] = torch_epoch()
        load = os.getloadavg()[0]
        rows.append((e, res, load))
        print('%-6s epoch %d%s: LatentLab %.3f s (train %.2f, test -ELBO %.2f) | PyTorch %.3f s (train %.2f, '
              'test -ELBO %.2f) | load %.2f' % (a.model, e, ' (warm-up)' if e <= a.warmup else '', res['java'][0],
                                               res['java'][1], res['java'][2], res['torch'][0], res['torch'][1],
                                               res['torch'][2], load), flush=True)
    java_line('DONE')
    java.wait()
    timed = [r for r in rows if r[0] > a.warmup]
    mj = statistics.median(r[1]['java'][0] for r in timed)
    mt = statistics.median(r[1]['torch'][0] for r in timed)
    fj, ft = rows[-1][1]['java'][2], rows[-1][1]['torch'][2]
    print('%-6s median epoch: LatentLab %.3f s, PyTorch %.3f s; final test -ELBO: LatentLab %.2f, PyTorch %.2f '
          '(difference %.2f nats); load during timed epochs %.2f-%.2f'
          % (a.model, mj, mt, fj, ft, fj - ft, min(r[2] for r in timed), max(r[2] for r in timed)))
    print('RESULT %s ratio=%.3f' % ('training' if a.model == 'mlp' else 'training-ghvae', mj / mt), flush=True)


if __name__ == '__main__':
    main()
