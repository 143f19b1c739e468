"""Torch side of the seed-spread check: GHVAE from the Java init (OneStep.java writes Ghvae.mnist(1) to <work>/init),
bench/training's GHVAE setting (first 20k/2k fixed-binarized MNIST, batch 256, lr 3e-4, 6 epochs), torch seed argv[1].
Usage: seed_spread_torch.py SEED INIT_DIR DATA_CACHE_DIR"""
import sys, os, numpy as np, torch
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import training_torch as T
seed, init, data = int(sys.argv[1]), sys.argv[2], sys.argv[3]; torch.set_num_threads(1); torch.manual_seed(seed)
def idx(p):
    b = open(p, 'rb').read(); return np.frombuffer(b, np.uint8, offset=16).reshape(-1, 784)
xtr = torch.from_numpy((idx(data + '/mnist/train-images-idx3-ubyte')[:20000] >= 128).astype(np.float32))
xte = torch.from_numpy((idx(data + '/mnist/t10k-images-idx3-ubyte')[:2000] >= 128).astype(np.float32))
m = T.Ghvae(); sd = m.state_dict()
for k in sd: sd[k] = torch.from_numpy(np.load(init + '/' + k + '.npy'))
m.load_state_dict(sd)
opt = torch.optim.Adam(m.parameters(), lr=3e-4)
for e in range(1, 7):
    perm = torch.randperm(20000); tot = 0
    for s in range(0, 20000, 256):
        xb = xtr[perm[s:s+256]]; l = m.loss(xb); opt.zero_grad(); l.backward(); opt.step(); tot += l.item()*xb.shape[0]
    with torch.no_grad():
        ev = sum(m.loss(xte[s:s+1000]).item()*1000 for s in range(0, 2000, 1000)) / 2000
    print('seed %d epoch %d train %.2f test %.2f' % (seed, e, tot/20000, ev), flush=True)
