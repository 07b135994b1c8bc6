namespace Encaisse.Documents;

/// <summary>
/// The embedded DejaVu Sans faces, so documents render the same on every machine and any character of a
/// French (or foreign) name prints. Licence: Fonts/LICENSE-DejaVu.txt.
/// </summary>
internal static class DocumentFonts
{
    private static readonly Lazy<byte[]> RegularBytes = new(() => Load("DejaVuSans"));
    private static readonly Lazy<byte[]> BoldBytes = new(() => Load("DejaVuSans-Bold"));

    public static byte[] Regular => RegularBytes.Value;

    public static byte[] Bold => BoldBytes.Value;

    private static byte[] Load(string face)
    {
        using var stream = typeof(DocumentFonts).Assembly.GetManifestResourceStream($"Encaisse.Documents.Fonts.{face}.ttf")
            ?? throw new InvalidOperationException($"Embedded font {face} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
