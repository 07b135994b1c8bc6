using System.Text;

namespace Encaisse.Tests.Support;

/// <summary>
/// Runs the real executable's <c>Program.Main</c> in this process with its console captured. The console is
/// process-wide, and swapping it with <c>Console.SetOut</c> per test raced between test classes running in parallel
/// (one test read another's output, or nothing). Instead the console is replaced once by writers that send each write
/// to the capture of the async flow it comes from (an <see cref="AsyncLocal{T}"/>), so parallel runs never mix and
/// the log lines of test servers running meanwhile stay out of the captures.
/// </summary>
internal static class ConsoleCapture
{
    private static readonly AsyncLocal<Capture?> Current = new();

    static ConsoleCapture()
    {
        Console.SetOut(new RoutedWriter(Console.Out, c => c.Out));
        Console.SetError(new RoutedWriter(Console.Error, c => c.Err));
    }

    /// <summary>Standard input is not routed: a test that feeds stdin runs the CLI as a child process (<see cref="CliProcess"/>).</summary>
    public static async Task<(int Exit, string Out, string Err)> RunCliAsync(params string[] args)
    {
        var capture = new Capture(new StringWriter(), new StringWriter());
        Current.Value = capture;
        try
        {
            var exit = await Encaisse.Program.Main(args);
            return (exit, capture.Out.ToString(), capture.Err.ToString());
        }
        finally
        {
            Current.Value = null;
        }
    }

    private sealed record Capture(StringWriter Out, StringWriter Err);

    private sealed class RoutedWriter(TextWriter fallback, Func<Capture, TextWriter> pick) : TextWriter
    {
        private TextWriter Target => Current.Value is { } c ? pick(c) : fallback;

        public override Encoding Encoding => fallback.Encoding;

        public override void Write(char value) => Target.Write(value);

        public override void Write(string? value) => Target.Write(value);

        public override void Write(char[] buffer, int index, int count) => Target.Write(buffer, index, count);

        public override void WriteLine(string? value) => Target.WriteLine(value);

        public override void WriteLine() => Target.WriteLine();

        public override Task WriteAsync(string? value) => Target.WriteAsync(value);

        public override Task WriteLineAsync(string? value) => Target.WriteLineAsync(value);

        public override void Flush() => Target.Flush();
    }
}
