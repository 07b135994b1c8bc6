// Benchmarks entry point: each capability adds a named benchmark; results go to docs/benchmarks.md.
switch (args.FirstOrDefault())
{
    case "dunning-planning":
        return await Encaisse.Bench.Dunning.DunningPlanningBench.RunAsync(args[1..]);
    default:
        Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Encaisse.Bench -- BENCHMARK [options]");
        Console.Error.WriteLine("benchmarks: dunning-planning [--customers N] [--invoices N] [--pg CONNECTION]");
        return 2;
}
