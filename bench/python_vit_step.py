#!/usr/bin/python3
"""Reference timing for `noisynn describe --preset fmnist-vit --time`: the same ViT (patch 4, width
128, depth 6, heads 4, MLP ratio 4, 28x28x1 input, 10 classes) written with Debian's python3-torch
(the same LibTorch 1.13), timed over the same forward and backward passes on random input.

    /usr/bin/python3 bench/python_vit_step.py --batch 128 --steps 5
"""
import argparse
import os
import time

import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, width, heads, hidden):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(width, eps=1e-6)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.norm2 = nn.LayerNorm(width, eps=1e-6)
        self.fc1 = nn.Linear(width, hidden)
        self.fc2 = nn.Linear(hidden, width)

    def forward(self, x):
        b, n, d = x.shape
        qkv = self.qkv(self.norm1(x)).reshape(b, n, 3, self.heads, d // self.heads)
        q, k, v = qkv.permute(2, 0, 3, 1, 4)
        weights = torch.softmax(q @ k.transpose(-2, -1) / (d // self.heads) ** 0.5, dim=-1)
        x = x + self.proj((weights @ v).transpose(1, 2).reshape(b, n, d))
        return x + self.fc2(nn.functional.gelu(self.fc1(self.norm2(x))))


class Vit(nn.Module):
    def __init__(self, size=28, channels=1, classes=10, patch=4, width=128, depth=6, heads=4):
        super().__init__()
        patches = (size // patch) ** 2
        self.embed = nn.Conv2d(channels, width, patch, stride=patch)
        self.cls = nn.Parameter(torch.zeros(1, 1, width))
        self.pos = nn.Parameter(torch.zeros(1, patches + 1, width))
        self.blocks = nn.ModuleList(Block(width, heads, 4 * width) for _ in range(depth))
        self.norm = nn.LayerNorm(width, eps=1e-6)
        self.head = nn.Linear(width, classes)

    def forward(self, images):
        x = self.embed(images).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], 1) + self.pos
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x)[:, 0])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    # Debian's LibTorch starts with one thread; the workbench uses every core unless told otherwise.
    torch.set_num_threads(args.threads or os.cpu_count())

    model = Vit().train()
    images = torch.randn(args.batch, 1, 28, 28)
    labels = torch.randint(10, (args.batch,))
    forward = backward = 0.0
    for step in range(-1, args.steps):
        model.zero_grad()
        start = time.perf_counter()
        loss = nn.functional.cross_entropy(model(images), labels)
        middle = time.perf_counter()
        loss.backward()
        end = time.perf_counter()
        if step >= 0:
            forward += middle - start
            backward += end - middle
    per = 1000.0 / (args.steps * args.batch)
    print(f"python fmnist-vit: forward {forward * per:.3f} ms + backward {backward * per:.3f} ms per "
          f"image (batch {args.batch}, {args.steps} steps, {torch.get_num_threads()} threads)")


if __name__ == "__main__":
    main()
