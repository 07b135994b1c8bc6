// Benchmarks entry point: each capability adds a named benchmark; results go to docs/benchmarks.md.
if (args.Length > 0 && args[0] == "legal-claims")
{
    return Encaisse.Bench.Legal.LegalClaimsBench.Run(args[1..]);
}

Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Encaisse.Bench -- BENCHMARK [options]");
return 2;
