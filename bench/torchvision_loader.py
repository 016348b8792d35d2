#!/usr/bin/python3
"""Reference for `noisynn data bench`: the same work with torchvision's Fashion-MNIST and DataLoader.

Debian's python3-torchvision (not a dependency of the workbench; install it to compare):
    /usr/bin/python3 bench/torchvision_loader.py --workers 2
Unpacks the gzip IDX files from /usr/share/datasets/fashion-mnist into a temporary raw/ folder
(torchvision's expected layout), then times one epoch of shuffled batches with a padded random crop,
a random horizontal flip, ToTensor and Normalize, as the workbench's loader does.
"""
import argparse
import gzip
import os
import shutil
import tempfile
import time

import torch
from torchvision import datasets, transforms

parser = argparse.ArgumentParser()
parser.add_argument("--workers", type=int, default=2)
parser.add_argument("--batch-size", type=int, default=128)
parser.add_argument("--crop-padding", type=int, default=2)
args = parser.parse_args()

source = "/usr/share/datasets/fashion-mnist"
with tempfile.TemporaryDirectory() as root:
    raw = os.path.join(root, "FashionMNIST", "raw")
    os.makedirs(raw)
    for name in os.listdir(source):  # torchvision wants the files uncompressed
        with gzip.open(os.path.join(source, name)) as packed, \
                open(os.path.join(raw, name.removesuffix(".gz")), "wb") as plain:
            shutil.copyfileobj(packed, plain)
    pipeline = [transforms.RandomCrop(28, padding=args.crop_padding)] if args.crop_padding else []
    pipeline += [transforms.RandomHorizontalFlip(), transforms.ToTensor(),
                 transforms.Normalize((0.2860,), (0.3530,))]
    data = datasets.FashionMNIST(root, train=True, download=False,
                                 transform=transforms.Compose(pipeline))
    loader = torch.utils.data.DataLoader(data, batch_size=args.batch_size, shuffle=True,
                                         num_workers=args.workers)
    start = time.perf_counter()
    images = 0
    for batch, labels in loader:
        images += batch.shape[0]
    seconds = time.perf_counter() - start
    print(f"{images} images, batch {args.batch_size}, {args.workers} workers: "
          f"{seconds:.3f} s, {images / seconds:.0f} images/s")
