using System.Diagnostics;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Encaisse.Tests.Support;

/// <summary>Counts the EF Core commands executed by contexts of one tenant (each test server has its own), through EF's diagnostic events.</summary>
internal sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly Guid tenantId;
    private readonly List<IDisposable> subscriptions = [];
    private readonly List<string> texts = [];

    private CommandCounter(Guid tenantId)
    {
        this.tenantId = tenantId;
        subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    /// <summary>
    /// Starts counting. EF Core remembers for one second (its logging cache time) that nobody listened to a context's
    /// commands, and pooled contexts (PostgreSQL, ADR 1561) keep that memory from their previous lease: the counter waits
    /// that second out, so every command after this returns is seen.
    /// </summary>
    public static async Task<CommandCounter> StartAsync(Guid tenantId)
    {
        var counter = new CommandCounter(tenantId);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        return counter;
    }

    public int Count
    {
        get
        {
            lock (texts)
            {
                return texts.Count;
            }
        }
    }

    public IReadOnlyList<string> Texts
    {
        get
        {
            lock (texts)
            {
                return [.. texts];
            }
        }
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (subscriptions)
            {
                subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData data
            && data.Context is EncaisseDb db && db.TenantId == tenantId)
        {
            lock (texts)
            {
                texts.Add(data.Command.CommandText.Split('\n')[0]);
            }
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (subscriptions)
        {
            foreach (var s in subscriptions)
            {
                s.Dispose();
            }
        }
    }
}
