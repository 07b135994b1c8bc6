// Benchmarks entry point: each capability adds a named benchmark; results go to docs/benchmarks.md.
return args.FirstOrDefault() switch
{
    "web-customers" => await Encaisse.Bench.Web.CustomerListBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Encaisse.Bench -- BENCHMARK [options]");
    Console.Error.WriteLine("benchmarks: web-customers");
    return 2;
}
