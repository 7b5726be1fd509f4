#!/usr/bin/env python3
"""A training program for `model: command` (examples/command-sgd-tpe-asha.yaml): mini-batch SGD with momentum fits a
linear model to a fixed synthetic regression task, and prints the held-out loss after every epoch as a metric line,
`val_loss=0.0123 train_loss=0.0120 epoch=3`, which the worker reads. Standard library only.

SIGTERM (sent when the sweep prunes or cancels the trial) stops it after the current batch.
"""
import argparse
import math
import random
import signal
import sys

FEATURES = 8


def make_task(count, rng, weights):
    # Features on different scales make the problem ill-conditioned: the learning rate and momentum matter.
    rows = []
    for _ in range(count):
        x = [rng.gauss(0, 0.3 + 0.4 * i) for i in range(FEATURES)]
        y = sum(w * v for w, v in zip(weights, x)) + rng.gauss(0, 0.1)
        rows.append((x, y))
    return rows


def mean_squared_error(weights, rows):
    return sum((sum(w * v for w, v in zip(weights, x)) - y) ** 2 for x, y in rows) / len(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lr", type=float, required=True)
    parser.add_argument("--momentum", type=float, default=0.0)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    stop = {"requested": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(requested=True))

    task = random.Random(2024)  # the same task for every trial
    true_weights = [task.gauss(0, 1) for _ in range(FEATURES)]
    train, held_out = make_task(2000, task, true_weights), make_task(500, task, true_weights)

    rng = random.Random(args.seed)
    weights, velocity = [0.0] * FEATURES, [0.0] * FEATURES
    print(f"training: lr={args.lr} momentum={args.momentum} batch_size={args.batch_size} epochs={args.epochs}", file=sys.stderr)
    for epoch in range(1, args.epochs + 1):
        rng.shuffle(train)
        for start in range(0, len(train), args.batch_size):
            if stop["requested"]:
                print(f"stopped by SIGTERM during epoch {epoch}", file=sys.stderr)
                return 143
            batch = train[start:start + args.batch_size]
            gradient = [0.0] * FEATURES
            for x, y in batch:
                error = sum(w * v for w, v in zip(weights, x)) - y
                for i in range(FEATURES):
                    gradient[i] += 2 * error * x[i] / len(batch)
            for i in range(FEATURES):
                velocity[i] = args.momentum * velocity[i] - args.lr * gradient[i]
                weights[i] += velocity[i]
        train_loss, val_loss = mean_squared_error(weights, train), mean_squared_error(weights, held_out)
        if not math.isfinite(val_loss) or val_loss > 1e12:
            print(f"diverged at epoch {epoch}: lower the learning rate", file=sys.stderr)
            return 1
        print(f"val_loss={val_loss:.6g} train_loss={train_loss:.6g} epoch={epoch}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
