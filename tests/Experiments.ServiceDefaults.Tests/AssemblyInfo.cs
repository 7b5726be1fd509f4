// The console tests redirect the process's standard error, which is global: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
