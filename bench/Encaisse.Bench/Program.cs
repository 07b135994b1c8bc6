// Benchmarks entry point: dotnet run -c Release --project bench/Encaisse.Bench -- NAME [args]
// Each capability adds its case here; results go to docs/benchmarks.md with the command that produced them.
return args.FirstOrDefault() switch
{
    "api-latency" => await Encaisse.Bench.Ledger.ApiLatencyBenchmark.RunAsync(args[1..]),
    "imports" => await Encaisse.Bench.Formats.ImportBenchmark.RunAsync(args[1..]),
    "payments" => Encaisse.Bench.Payments.PaymentsBenchmark.Run(args[1..]),
    "matching-eval" => Encaisse.Bench.Payments.MatchingEvalBenchmark.Run(args[1..]),
    "legal-claims" => Encaisse.Bench.Legal.LegalClaimsBench.Run(args[1..]),
    "dunning-planning" => await Encaisse.Bench.Dunning.DunningPlanningBench.RunAsync(args[1..]),
    "web-customers" => await Encaisse.Bench.Web.CustomerListBench.RunAsync(args[1..]),
    "web-pages" => await Encaisse.Bench.Web.PageLoadBench.RunAsync(args[1..]),
    "reporting" => await Encaisse.Bench.Reporting.ReportingBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Encaisse.Bench -- BENCHMARK [args]");
    Console.Error.WriteLine("  api-latency [INVOICES=1000000] [RUNS=100]                          ledger API latency, one customer with many invoices (PostgreSQL)");
    Console.Error.WriteLine("  imports [--invoices N] [--customers M] [--pg CONNECTION] [--no-sqlite] CSV import vs PostgreSQL COPY, and into SQLite");
    Console.Error.WriteLine("  payments [--invoices N] [--transactions N] [--seed S]                matching rate, precision and throughput");
    Console.Error.WriteLine("  matching-eval [--holdout] [--details] [--missed] [--data DIR]            matching on the labelled evaluation set, per scenario");
    Console.Error.WriteLine("  legal-claims [INVOICES]                                              late-interest claims over many invoices");
    Console.Error.WriteLine("  dunning-planning [--customers N] [--invoices N] [--pg CONNECTION]    planning run vs set-based SQL (PostgreSQL)");
    Console.Error.WriteLine("  web-customers                                                        customers list and dashboard queries at 100,000 customers (SQLite)");
    Console.Error.WriteLine("  web-pages [--customers N] [--invoices-per-month X] [--pg CONNECTION] [--connections 32] [--seconds 10] [--no-day] [--prepare | --reuse [--hold] [--only URLS]] [--warm 10]  back-office pages and list APIs under wrk");
    Console.Error.WriteLine("  reporting [see docs/benchmarks.md]                                   aged balance and KPI set at 1,000,000 invoices vs hand-written SQL (PostgreSQL)");
    return 2;
}
