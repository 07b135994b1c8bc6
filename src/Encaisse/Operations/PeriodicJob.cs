namespace Encaisse.Operations;

/// <summary>
/// The loop every scheduled job of <c>encaisse serve</c> runs: one pass, then a pause of <see cref="Every"/> on the
/// server's clock, until the server stops. A pass that fails is logged with its exception and the job goes on: the next
/// pass tries again (each job's pass is safe to repeat).
/// </summary>
internal abstract class PeriodicJob(TimeProvider clock, ILogger log) : BackgroundService
{
    /// <summary>The server's clock (tests pass a fake one).</summary>
    protected TimeProvider Clock { get; } = clock;

    protected ILogger Log { get; } = log;

    /// <summary>The pause between two passes.</summary>
    protected abstract TimeSpan Every { get; }

    /// <summary>What the log calls a pass ("Daily dunning tick"), followed by "failed" when one fails.</summary>
    protected abstract string PassName { get; }

    protected abstract Task PassAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PassAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.LogError(e, "{Pass} failed", PassName);
            }

            await Task.Delay(Every, Clock, stoppingToken);
        }
    }
}
