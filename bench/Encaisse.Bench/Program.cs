// Benchmarks entry point: each capability adds a named benchmark; results go to docs/benchmarks.md.
switch (args.FirstOrDefault())
{
    case "reporting":
        return await Encaisse.Bench.Reporting.ReportingBench.RunAsync(args[1..]);
    default:
        Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Encaisse.Bench -- BENCHMARK [options]");
        Console.Error.WriteLine("benchmarks: reporting");
        return 2;
}
