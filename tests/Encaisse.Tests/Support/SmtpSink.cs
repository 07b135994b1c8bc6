using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Encaisse.Tests.Support;

/// <summary>A real SMTP server for tests (Debian python3-aiosmtpd) that stores every message it receives.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Process process;

    private SmtpSink(Process process, int port, string folder)
    {
        this.process = process;
        Port = port;
        Folder = folder;
    }

    public int Port { get; }
    public string Folder { get; }

    /// <summary>Starts the sink; with <paramref name="answerAfter"/> it stores each message, then waits before answering 250.</summary>
    public static async Task<SmtpSink> StartAsync(TimeSpan answerAfter = default)
    {
        var port = FreePort();
        var folder = Path.Combine(Path.GetTempPath(), "encaisse-smtp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var script = Path.Combine(AppContext.BaseDirectory, "Support", "smtp_sink.py");
        var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), folder,
            answerAfter.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("Cannot start python3 (apt-get install -y python3-aiosmtpd).");
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (ready != "ready")
        {
            throw new InvalidOperationException("SMTP sink did not start: " + await process.StandardError.ReadToEndAsync());
        }

        return new SmtpSink(process, port, folder);
    }

    public IReadOnlyList<MimeMessage> Messages() =>
        Directory.GetFiles(Folder, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f)).ToList();

    public ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }

        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
