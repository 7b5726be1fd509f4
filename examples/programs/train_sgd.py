#!/usr/bin/env python3
"""A training program for `model: command` (examples/command-sgd-tpe-asha.yaml): SGD with momentum, or Adam, fits a
linear model to a fixed synthetic regression task, and prints the held-out loss after every epoch as a metric line,
`val_loss=0.0123 train_loss=0.0120 epoch=3`, which the worker reads. Standard library only.

The sweep passes its parameters as --name=value flags ({args}): --momentum only with --optimizer=sgd, --beta1 only
with --optimizer=adam (conditional parameters). SIGTERM (sent when the sweep prunes or cancels the trial) stops it
after the current batch.
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


class Sgd:
    def __init__(self, lr, momentum):
        self.lr, self.momentum, self.velocity = lr, momentum, [0.0] * FEATURES

    def step(self, weights, gradient):
        for i in range(FEATURES):
            self.velocity[i] = self.momentum * self.velocity[i] - self.lr * gradient[i]
            weights[i] += self.velocity[i]


class Adam:
    def __init__(self, lr, beta1, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps, self.t = lr, beta1, beta2, eps, 0
        self.m, self.v = [0.0] * FEATURES, [0.0] * FEATURES

    def step(self, weights, gradient):
        self.t += 1
        for i in range(FEATURES):
            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * gradient[i]
            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * gradient[i] ** 2
            m_hat, v_hat = self.m[i] / (1 - self.beta1 ** self.t), self.v[i] / (1 - self.beta2 ** self.t)
            weights[i] -= self.lr * m_hat / (math.sqrt(v_hat) + self.eps)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd")
    parser.add_argument("--lr", type=float, required=True)
    parser.add_argument("--momentum", type=float, default=0.0)
    parser.add_argument("--beta1", type=float, default=0.9)
    parser.add_argument("--batch_size", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    stop = {"requested": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(requested=True))

    task = random.Random(2024)  # the same task for every trial
    true_weights = [task.gauss(0, 1) for _ in range(FEATURES)]
    train, held_out = make_task(20000, task, true_weights), make_task(2000, task, true_weights)

    rng = random.Random(args.seed)
    weights = [0.0] * FEATURES
    optimizer = Sgd(args.lr, args.momentum) if args.optimizer == "sgd" else Adam(args.lr, args.beta1)
    print(f"training {vars(args)}", file=sys.stderr)
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
            optimizer.step(weights, gradient)
        train_loss, val_loss = mean_squared_error(weights, train), mean_squared_error(weights, held_out)
        if not math.isfinite(val_loss) or val_loss > 1e12:
            print(f"diverged at epoch {epoch}: lower the learning rate", file=sys.stderr)
            return 1
        print(f"val_loss={val_loss:.6g} train_loss={train_loss:.6g} epoch={epoch}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
