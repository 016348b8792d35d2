#!/usr/bin/python3
"""Writes the weight-import fixtures with Debian's python3-torch and python3-torchvision.

Not run by the tests (Python is not a dependency); rerun by hand when the fixtures must change:
    /usr/bin/python3 tests/data/make_weight_fixtures.py

- vit_tiny_timm.pt: a tiny ViT written with timm's module layout and parameter names (patch 4,
  width 16, depth 2, heads 2, 8x8x3 input, 5 classes), its state dict, a fixed input and the
  logits Python computes for it: {"state_dict", "input", "logits"}.
- resnet18_torchvision_keys.txt: every state-dict key of torchvision's resnet18 with its shape,
  "name dim0,dim1,...", one per line, so that the C++ ResNet's names can be checked against the
  real ones without committing 45 MB of weights.
"""
import os

import torch
from torch import nn
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))


class Attention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)

    def forward(self, x):
        b, n, d = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        weights = (q @ k.transpose(-2, -1) * (d // self.heads) ** -0.5).softmax(dim=-1)
        return self.proj((weights @ v).transpose(1, 2).reshape(b, n, d))


class Mlp(nn.Module):
    def __init__(self, width, hidden):
        super().__init__()
        self.fc1 = nn.Linear(width, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, width)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, width, heads, hidden):
        super().__init__()
        self.norm1 = nn.LayerNorm(width, eps=1e-6)
        self.attn = Attention(width, heads)
        self.norm2 = nn.LayerNorm(width, eps=1e-6)
        self.mlp = Mlp(width, hidden)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class PatchEmbed(nn.Module):
    def __init__(self, channels, width, patch):
        super().__init__()
        self.proj = nn.Conv2d(channels, width, patch, stride=patch)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class VisionTransformer(nn.Module):
    """timm's VisionTransformer with class-token pooling, as far as its state dict and math go."""

    def __init__(self, size, channels, classes, patch, width, depth, heads):
        super().__init__()
        self.patch_embed = PatchEmbed(channels, width, patch)
        self.cls_token = nn.Parameter(torch.randn(1, 1, width) * 0.02)
        self.pos_embed = nn.Parameter(torch.randn(1, (size // patch) ** 2 + 1, width) * 0.02)
        self.blocks = nn.Sequential(*[Block(width, heads, 4 * width) for _ in range(depth)])
        self.norm = nn.LayerNorm(width, eps=1e-6)
        self.head = nn.Linear(width, classes)

    def forward(self, x):
        x = self.patch_embed(x)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1) + self.pos_embed
        return self.head(self.norm(self.blocks(x))[:, 0])


torch.manual_seed(2309)
vit = VisionTransformer(size=8, channels=3, classes=5, patch=4, width=16, depth=2, heads=2).eval()
with torch.no_grad():
    for parameter in vit.parameters():  # away from the default init, so a skipped copy shows
        parameter.add_(torch.randn_like(parameter) * 0.1)
    inputs = torch.randn(4, 3, 8, 8)
    logits = vit(inputs)
torch.save({"state_dict": vit.state_dict(), "input": inputs, "logits": logits},
           os.path.join(HERE, "vit_tiny_timm.pt"))

resnet = torchvision.models.resnet18()
with open(os.path.join(HERE, "resnet18_torchvision_keys.txt"), "w") as keys:
    for name, tensor in resnet.state_dict().items():
        keys.write(f"{name} {','.join(str(d) for d in tensor.shape)}\n")
print("wrote", os.listdir(HERE))
