// Training tests measure progress and cancellation latency on a 2-core machine, and libtorch's
// thread count is process-wide: running them one at a time keeps both meaningful.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
