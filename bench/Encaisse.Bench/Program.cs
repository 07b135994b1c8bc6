// Benchmarks entry point: dotnet run -c Release --project bench/Encaisse.Bench -- NAME [args]
// Each capability adds its case here; results go to docs/benchmarks.md with the command that produced them.
using Encaisse.Bench;

return args.FirstOrDefault() switch
{
    "api-latency" => await Encaisse.Bench.Ledger.ApiLatencyBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Encaisse.Bench -- BENCHMARK [args]");
    Console.Error.WriteLine("  api-latency [INVOICES=1000000] [RUNS=100]   ledger API latency for one customer with many invoices (PostgreSQL)");
    return 2;
}
