// Benchmarks entry point: each capability adds a named benchmark; results go to docs/benchmarks.md.
switch (args.FirstOrDefault())
{
    case "imports":
        return await Encaisse.Bench.Formats.ImportBenchmark.RunAsync(args[1..]);
    default:
        Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Encaisse.Bench -- BENCHMARK [options]");
        Console.Error.WriteLine("benchmarks: imports [--invoices N] [--customers M] [--pg CONNECTION] [--no-sqlite]");
        return 2;
}
