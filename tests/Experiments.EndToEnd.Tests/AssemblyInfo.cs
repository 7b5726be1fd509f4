// Every test trains on the machine's few cores: running them side by side only slows all of them down.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
