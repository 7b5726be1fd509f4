// One cluster (localhost silo with worker slots, REST API on a loopback port) for every test; each uses its own experiment names.
[assembly: AssemblyFixture(typeof(Experiments.Cli.Tests.ClusterHost))]
