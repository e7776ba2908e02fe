// The hosts share one database and Redis: run test collections one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
