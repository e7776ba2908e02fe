// The fixtures (the default host, the API-key host) share one database and Redis db: one collection at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
