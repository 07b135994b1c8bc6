// Benchmarks entry point: each capability adds a named benchmark; results go to docs/benchmarks.md.
Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Encaisse.Bench -- BENCHMARK [options]");
return 2;
