using System.Collections.Concurrent;

namespace Encaisse.Web.Settings;

/// <summary>
/// Limits on the "test e-mail" of the channels page, so that it cannot serve as a port scanner (issue 16): only SMTP ports
/// (25, 465, 587, 2525 unless the operator names others in <c>ENCAISSE_SMTP_TEST_PORTS</c>), a short time limit, a few tests per
/// tenant per window, and a failure answered with one generic "could not connect" (never the socket's or the server's words).
/// </summary>
public sealed class SmtpTestPolicy(IReadOnlySet<int> ports, TimeSpan timeout, int perWindow, TimeSpan window, TimeProvider clock)
{
    public static readonly IReadOnlySet<int> DefaultPorts = new HashSet<int> { 25, 465, 587, 2525 };

    private readonly ConcurrentDictionary<Guid, Queue<DateTimeOffset>> recent = new();

    public IReadOnlySet<int> Ports { get; } = ports;
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>The default policy, with the ports of <c>ENCAISSE_SMTP_TEST_PORTS</c> (comma-separated) when set.</summary>
    public static SmtpTestPolicy Create(TimeProvider clock, IReadOnlySet<int>? ports = null)
    {
        var configured = Environment.GetEnvironmentVariable("ENCAISSE_SMTP_TEST_PORTS");
        var fromEnvironment = string.IsNullOrWhiteSpace(configured)
            ? null
            : configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => int.TryParse(p, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1).Where(n => n is > 0 and < 65536).ToHashSet();
        return new SmtpTestPolicy(ports ?? fromEnvironment ?? DefaultPorts, TimeSpan.FromSeconds(10), 5, TimeSpan.FromMinutes(10), clock);
    }

    public bool PortAllowed(int port) => Ports.Contains(port);

    /// <summary>Takes one test of the tenant's allowance; false when it already had <c>perWindow</c> tests in the window.</summary>
    public bool TryTake(Guid tenantId)
    {
        var now = clock.GetUtcNow();
        var queue = recent.GetOrAdd(tenantId, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            while (queue.Count > 0 && queue.Peek() + window <= now)
            {
                queue.Dequeue();
            }

            if (queue.Count >= perWindow)
            {
                return false;
            }

            queue.Enqueue(now);
            return true;
        }
    }
}
