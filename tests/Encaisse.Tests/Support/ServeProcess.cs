using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Encaisse.Tests.Support;

/// <summary>
/// <c>encaisse serve</c> as a real child process on a free loopback port (the way a node runs), so that a test can
/// start several at once or kill one with SIGKILL (<see cref="KillHard"/>: no cleanup code runs, as with kill -9).
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServeProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static ServeProcess Start(string db, IDictionary<string, string>? environment = null, params string[] extra)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "encaisse.dll"), "serve", "--urls", address.ToString().TrimEnd('/'), "--db", db }.Concat(extra))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ENCAISSE_DB");
        start.Environment.Remove("ENCAISSE_TENANT");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new ServeProcess(Process.Start(start)!, address);
    }

    /// <summary>Waits until /health answers 200; false if the process exits first or <paramref name="guard"/> passes.</summary>
    public async Task<bool> WaitHealthyAsync(TimeSpan guard)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var timeout = new CancellationTokenSource(guard);
        while (!timeout.IsCancellationRequested && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Address, "/health"), timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            try
            {
                await Task.Delay(200, timeout.Token);
            }
            catch (TaskCanceledException)
            {
                break;
            }
        }

        return false;
    }

    /// <summary>SIGKILL: the process stops at once, whatever it is doing.</summary>
    public void KillHard()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        KillHard();
        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
