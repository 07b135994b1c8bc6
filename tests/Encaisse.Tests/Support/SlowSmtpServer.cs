using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Encaisse.Tests.Support;

/// <summary>
/// A bad day at the mail server, on a loopback port: a minimal SMTP server that stores every message whose DATA it
/// receives and then answers late (<see cref="AnswerAfter"/>, longer than the client's timeout) or refuses the sender
/// with a 4xx before any data (<see cref="RefuseSender"/>). Counts the messages it stored, by Message-ID.
/// </summary>
public sealed class SlowSmtpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    public SlowSmtpServer()
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Delay between the end of DATA (message stored) and the 250 answer.</summary>
    public TimeSpan AnswerAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Answer 451 to MAIL FROM: nothing is sent.</summary>
    public bool RefuseSender { get; set; }

    /// <summary>Message-IDs of the messages stored (once per DATA received).</summary>
    public ConcurrentQueue<string> Stored { get; } = new();

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 slow.test ESMTP");
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                    case "HELO":
                        await writer.WriteLineAsync("250 slow.test");
                        break;
                    case "MAIL":
                        await writer.WriteLineAsync(RefuseSender ? "451 4.3.0 temporarily unavailable, try again later" : "250 2.1.0 Ok");
                        break;
                    case "RCPT":
                        await writer.WriteLineAsync("250 2.1.5 Ok");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var messageId = "";
                        while (await reader.ReadLineAsync(stop.Token) is { } data && data != ".")
                        {
                            if (data.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase))
                            {
                                messageId = data["Message-ID:".Length..].Trim().Trim('<', '>');
                            }
                        }

                        // Stored: the message will be delivered, whatever happens to the answer.
                        Stored.Enqueue(messageId);
                        await Task.Delay(AnswerAfter, stop.Token);
                        await writer.WriteLineAsync("250 2.0.0 Ok: queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 Ok");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client gave up (timeout) or the test ended.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (stop.IsCancellationRequested)
        {
            return;
        }

        await stop.CancelAsync();
        listener.Stop();
        await accepting;
    }
}
