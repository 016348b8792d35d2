#!/usr/bin/env bash
# Interleaved training-speed comparison of the workbench and Python's PyTorch (Debian's
# python3-torch, the same LibTorch) on fmnist-vit, fp32 and bf16: ROUNDS rounds of the four
# commands, their order rotating from round to round, because this kind of virtual machine drifts
# by 5-15% within minutes. Prints each measurement, then the mean and range of each command.
#
#     bench/compare_vit_speed.sh [ROUNDS] [STEPS]      (defaults: 6 rounds of 30 steps)
#
# Run from the repository after building (cmake --build --preset dev); needs python3-torch.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-6}"
steps="${2:-30}"
noisynn=./build/dev/app/noisynn
results="$(mktemp)"
trap 'rm -f "$results"' EXIT

workbench() {
    "$noisynn" bench --preset fmnist-vit --set "train.precision=$1" --steps "$steps" --json |
        /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["train_images_per_second"])'
}
python() {
    /usr/bin/python3 bench/python_vit_train.py --steps "$steps" --precision "$1" | awk '{print $4}'
}
measure() {
    local speed
    speed="$("$1" "$2")"
    printf '%-9s %s %7.1f images/s\n' "$1" "$2" "$speed" | tee -a "$results"
}

for ((round = 0; round < rounds; round++)); do
    commands=("workbench fp32" "workbench bf16" "python fp32" "python bf16")
    for ((i = 0; i < 4; i++)); do
        measure ${commands[(i + round) % 4]}
    done
done
echo "mean (range) over $rounds rounds of $steps steps, batch 128:"
awk '{key = $1 " " $2; sum[key] += $3; n[key]++;
      if (!(key in lo) || $3 < lo[key]) lo[key] = $3; if ($3 > hi[key]) hi[key] = $3}
     END {for (k in sum) printf "  %-15s %7.1f (%.1f-%.1f)\n", k, sum[k] / n[k], lo[k], hi[k]}' \
    "$results" | sort
