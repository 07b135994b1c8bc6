// Benchmarks entry point: each capability adds a named benchmark; results go to docs/benchmarks.md.
if (args.Length > 0 && args[0] == "payments")
{
    return Encaisse.Bench.Payments.PaymentsBenchmark.Run(args[1..]);
}

Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Encaisse.Bench -- BENCHMARK [options]");
return 2;
