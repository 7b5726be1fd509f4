"""Optuna's side of the sampler benchmarks (bench/Experiments.Bench: sampler-overhead, sampler-quality).

Run by the benchmark program with Debian's /usr/bin/python3 and python3-optuna (3.1); never used by the product or
its tests. Prints one JSON document on stdout. The test functions are the same formulas as
src/Experiments.Search/TestFunctions; the benchmark checks that both sides agree at fixed points before measuring.
"""
import json
import math
import random
import statistics
import sys
import time

import optuna
from optuna.distributions import FloatDistribution

optuna.logging.set_verbosity(optuna.logging.WARNING)


def branin(x):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x[1] - b * x[0] ** 2 + c * x[0] - 6) ** 2 + 10 * (1 - t) * math.cos(x[0]) + 10


HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]
HARTMANN_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
HARTMANN_P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
              [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def hartmann6(x):
    return -sum(a * math.exp(-sum(HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j]) ** 2 for j in range(6)))
                for i, a in enumerate(HARTMANN_ALPHA))


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def sphere(x):
    return sum(v * v for v in x)


FUNCTIONS = {
    "branin": (branin, [(-5.0, 10.0), (0.0, 15.0)]),
    "hartmann6": (hartmann6, [(0.0, 1.0)] * 6),
    "rosenbrock10": (rosenbrock, [(-5.0, 10.0)] * 10),
    "sphere10": (sphere, [(-5.12, 5.12)] * 10),
}


def make_sampler(name, seed):
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "tpe-multivariate":
        return optuna.samplers.TPESampler(seed=seed, multivariate=True)
    if name == "cmaes":
        return optuna.samplers.CmaEsSampler(seed=seed)
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise SystemExit(f"unknown sampler {name}")


def evaluate(points):
    return {name: [FUNCTIONS[name][0](p) for p in points[name]] for name in points}


def overhead(sampler_name, trials, params, repeats, seed):
    rng = random.Random(seed)
    distributions = {f"x{i}": FloatDistribution(-5.0, 5.0) for i in range(params)}
    study = optuna.create_study(sampler=make_sampler(sampler_name, seed))
    study.add_trials([
        optuna.trial.create_trial(params={k: rng.uniform(-5.0, 5.0) for k in distributions},
                                  distributions=distributions, value=rng.random())
        for _ in range(trials)])
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        trial = study.ask()
        for k in distributions:
            trial.suggest_float(k, -5.0, 5.0)
        times.append(time.perf_counter() - start)
        # A failed trial is invisible to the samplers, so every repeat sees the same history.
        study.tell(trial, state=optuna.trial.TrialState.FAIL)
    return {"median_ms": statistics.median(times) * 1000, "times_ms": [t * 1000 for t in times]}


def quality(function, sampler_name, evaluations, seeds):
    f, bounds = FUNCTIONS[function]
    runs = []
    for seed in range(seeds):
        study = optuna.create_study(sampler=make_sampler(sampler_name, seed))

        def objective(trial):
            return f([trial.suggest_float(f"x{i}", low, high) for i, (low, high) in enumerate(bounds)])

        start = time.perf_counter()
        study.optimize(objective, n_trials=evaluations)
        runs.append({"values": [t.value for t in study.trials], "seconds": time.perf_counter() - start})
    return runs


def main():
    request = json.load(sys.stdin)
    mode = request["mode"]
    if mode == "version":
        result = {"optuna": optuna.__version__, "python": sys.version.split()[0]}
    elif mode == "evaluate":
        result = evaluate(request["points"])
    elif mode == "overhead":
        result = overhead(request["sampler"], request["trials"], request["params"], request["repeats"], request["seed"])
    elif mode == "quality":
        result = quality(request["function"], request["sampler"], request["evaluations"], request["seeds"])
    else:
        raise SystemExit(f"unknown mode {mode}")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
