// One API host (TestServer + localhost silo) for the tests that need nothing special of it; each uses its own experiment names.
[assembly: AssemblyFixture(typeof(Experiments.Api.Tests.ApiHost))]
