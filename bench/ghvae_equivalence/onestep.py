import sys, os, numpy as np, torch, torch.nn.functional as F
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import training_torch as T
w = sys.argv[1]
torch.manual_seed(0)
m = T.Ghvae()
sd = m.state_dict()
for k in sd:
    sd[k] = torch.from_numpy(np.load(os.path.join(w, 'init', k + '.npy')))
m.load_state_dict(sd)
x = torch.from_numpy(np.load(w + '/x.npy'))
e2 = torch.from_numpy(np.load(w + '/e2.npy')); e1 = torch.from_numpy(np.load(w + '/e1.npy'))
# monkeypatch randn_like to inject eps in order
seq = [e2, e1]
orig = torch.randn_like
torch.randn_like = lambda t: seq.pop(0)
# compute terms with the same code as T.Ghvae.loss but return parts
b, c = x.shape[0], m.c
img = x.view(b, 1, 28, 28)
q = m.q_z2
h = F.relu(q['conv3'](F.relu(q['conv2'](F.relu(q['conv1'](img)))))).flatten(1)
mu2, s2 = q['mu'](h), T.sig(q['sigma'](h))
z2 = mu2 + s2 * e2
q = m.q_z1
hx = F.relu(q['x_conv2'](F.relu(q['x_conv1'](img))))
hz = F.relu(q['z_convt'](F.relu(q['z_linear'](z2)).view(b, c, 4, 4)))
hh = F.relu(q['conv'](torch.cat([hz, hx], 1)))
mu1, s1 = q['mu'](hh), T.sig(q['sigma'](hh))
z1 = mu1 + s1 * e1
p = m.p_z1
hp = F.relu(p['hidden'](z2))
mp, sp = p['mu'](hp).view(b, c, 4, 4), T.sig(p['sigma'](hp)).view(b, c, 4, 4)
d = m.p_x
logits = d['convt3'](F.relu(d['convt2'](F.relu(d['convt1'](z1))))).view(b, 784)
rec = F.binary_cross_entropy_with_logits(logits, x, reduction='none').sum(-1)
k2 = T.kl_std(mu2, s2); k1 = T.kl_diag(mu1, s1, mp, sp)
tot = (rec + k2 + k1).mean()
print('TORCH LOSS', rec.mean().item(), k2.mean().item(), k1.mean().item(), tot.item())
tot.backward()
# also check T.Ghvae.loss itself with injected eps gives same
seq[:] = [e2, e1]
with torch.no_grad():
    print('TORCH model.loss', m.loss(x).item())
worst = 0.0
for n, prm in m.named_parameters():
    gj = np.load(os.path.join(w, 'grad', n + '.npy'))
    gt = prm.grad.numpy()
    rel = np.abs(gj - gt).max() / (np.abs(gt).max() + 1e-30)
    worst = max(worst, rel)
    print('%-24s |gt| %.4e |gj| %.4e maxrel %.2e' % (n, np.linalg.norm(gt), np.linalg.norm(gj), rel))
print('worst max-relative gradient difference %.2e' % worst)
sys.exit(0 if worst < 1e-4 else 1)
