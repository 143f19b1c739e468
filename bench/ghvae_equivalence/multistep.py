import sys, os, numpy as np, torch, torch.nn.functional as F
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import training_torch as T
w = sys.argv[1]; lr = float(sys.argv[2])
torch.set_num_threads(1)
m = T.Ghvae()
sd = m.state_dict()
for k in sd:
    sd[k] = torch.from_numpy(np.load(os.path.join(w, 'init', k + '.npy')))
m.load_state_dict(sd)
x = torch.from_numpy(np.load(w + '/x.npy'))
E2 = torch.from_numpy(np.load(w + '/e2.npy')); E1 = torch.from_numpy(np.load(w + '/e1.npy'))
S, B = E2.shape[0], E2.shape[1]
N = x.shape[0]
opt = torch.optim.Adam(m.parameters(), lr=lr)
J = np.load(w + '/jloss.npy')
seq = []
torch.randn_like = lambda t: seq.pop(0)
for s in range(S):
    off = (s % (N // B)) * B
    seq[:] = [E2[s], E1[s]]
    loss = m.loss(x[off:off + B])
    opt.zero_grad(); loss.backward(); opt.step()
    if s % (S // 20) == 0 or s == S - 1:
        print('step %4d torch %.4f java %.4f diff %+.4f' % (s, loss.item(), J[s, 3], J[s, 3] - loss.item()))
for n, p in m.named_parameters():
    f = np.load(os.path.join(w, 'final', n + '.npy'))
    print('%-24s maxabs diff %.3e  |p| %.3e' % (n, np.abs(f - p.detach().numpy()).max(), np.abs(p.detach().numpy()).max()))
