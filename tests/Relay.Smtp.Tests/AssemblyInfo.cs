// Every test builds its own server on an ephemeral loopback port, so fixtures can run side by side.
[assembly: Parallelizable(ParallelScope.Fixtures)]
