#!/usr/bin/python3
"""The Python reference for `noisynn bench --preset fmnist-vit`: trains the same ViT (patch 4, width
128, depth 6, heads 4, MLP ratio 4) on Fashion-MNIST at the same batch size with the same recipe
(AdamW, lr 1e-3, weight decay 0.05, label smoothing 0.1, 2-pixel padded crops), using Debian's
python3-torch, which is the same LibTorch 1.13 the workbench links.

Speed, timed steps after one warm-up step (data preparation included, as in noisynn bench):
    /usr/bin/python3 bench/python_vit_train.py --steps 30
    /usr/bin/python3 bench/python_vit_train.py --steps 30 --precision bf16
Accuracy after whole epochs (test accuracy after each):
    /usr/bin/python3 bench/python_vit_train.py --epochs 3
"""
import argparse
import gzip
import math
import os
import time

import numpy as np
import torch
from torch import nn

from python_vit_step import Vit

ROOT = "/usr/share/datasets/fashion-mnist"


def read_idx(name, offset):
    with gzip.open(os.path.join(ROOT, name)) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load(split):
    images = read_idx(f"{split}-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28)
    labels = read_idx(f"{split}-labels-idx1-ubyte.gz", 8).astype(np.int64)
    return torch.from_numpy(images.astype(np.float32) / 255.0), torch.from_numpy(labels)


def padded_crops(images, padding, generator):
    padded = nn.functional.pad(images, (padding,) * 4)
    out = torch.empty_like(images)
    offsets = torch.randint(0, 2 * padding + 1, (images.shape[0], 2), generator=generator)
    for i, (dy, dx) in enumerate(offsets.tolist()):
        out[i] = padded[i, :, dy:dy + 28, dx:dx + 28]
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--steps", type=int, default=0, help="timed steps (speed mode)")
    parser.add_argument("--epochs", type=int, default=0, help="whole epochs (accuracy mode)")
    parser.add_argument("--precision", choices=["fp32", "bf16"], default="fp32")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads or os.cpu_count())
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)

    train_x, train_y = load("train")
    test_x, test_y = load("t10k")
    mean, std = train_x.mean(), train_x.std()
    train_x, test_x = (train_x - mean) / std, (test_x - mean) / std

    model = Vit().train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
    per_epoch = len(train_x) // args.batch
    total = args.steps + 1 if args.steps else per_epoch * args.epochs
    warmup = min(per_epoch, total)
    autocast = torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.precision == "bf16")

    def step(indices):
        images = padded_crops(train_x[indices], 2, generator)
        labels = train_y[indices]
        with autocast:
            loss = nn.functional.cross_entropy(model(images), labels, label_smoothing=0.1)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    def learning_rate(s):
        if s < warmup:
            return 1e-3 * (s + 1) / warmup
        return 1e-3 * 0.5 * (1 + math.cos(math.pi * (s - warmup) / max(1, total - warmup)))

    if args.steps:
        order = torch.randperm(len(train_x), generator=generator)
        for s in range(args.steps + 1):
            if s == 1:
                start = time.perf_counter()
            step(order[s * args.batch:(s + 1) * args.batch])
        seconds = time.perf_counter() - start
        print(f"python fmnist-vit {args.precision}: {args.steps * args.batch / seconds:.1f} "
              f"train images/s, {1000 * seconds / args.steps:.1f} ms per step (batch "
              f"{args.batch}, {torch.get_num_threads()} threads)")
        return

    s = 0
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        model.train()
        order = torch.randperm(len(train_x), generator=generator)
        for b in range(per_epoch):
            for group in optimizer.param_groups:
                group["lr"] = learning_rate(s)
            step(order[b * args.batch:(b + 1) * args.batch])
            s += 1
        model.eval()
        correct = 0
        with torch.no_grad(), autocast:
            for b in range(0, len(test_x), 500):
                correct += (model(test_x[b:b + 500]).argmax(1) == test_y[b:b + 500]).sum().item()
        print(f"epoch {epoch}: test accuracy {correct / len(test_x):.4f}, "
              f"{per_epoch * args.batch / (time.perf_counter() - start):.1f} images/s incl. eval")


if __name__ == "__main__":
    main()
