using System.Collections.Concurrent;
using System.Reflection;
using System.Xml;
using System.Xml.Schema;

namespace Encaisse.Formats.EInvoice;

/// <summary>Validates an e-invoice against the XSD of its syntax and profile: the Factur-X 1.09 profile XSDs
/// (MINIMUM, BASIC WL, BASIC, EN 16931, EXTENDED) for Factur-X CII, the full CII D16B XSD for other CII, the
/// UBL 2.1 XSDs for UBL. The XSDs are embedded (Formats/EInvoice/Schemas, origins in its README); schema errors are
/// warnings: the file is still read, the credit manager sees what is wrong.</summary>
public static class EInvoiceSchemas
{
    private const string ResourcePrefix = "Encaisse.EInvoice.Schemas.";
    private static readonly Uri Base = new("http://schemas.encaisse.invalid/");
    private static readonly ConcurrentDictionary<string, Lazy<XmlSchemaSet>> Sets = new();

    /// <summary>The schema an e-invoice is validated with (path under Schemas/), or null when none is shipped.</summary>
    public static string? SchemaFor(EInvoiceDocument document) => document.Syntax switch
    {
        EInvoiceSyntax.UblInvoice => "ubl/maindoc/UBL-Invoice-2.1.xsd",
        EInvoiceSyntax.UblCreditNote => "ubl/maindoc/UBL-CreditNote-2.1.xsd",
        EInvoiceSyntax.ZugferdV1 => null,
        _ => document.Profile switch
        {
            EInvoiceProfiles.Minimum => "facturx/minimum/Factur-X_MINIMUM.xsd",
            EInvoiceProfiles.BasicWl => "facturx/basicwl/Factur-X_BASICWL.xsd",
            EInvoiceProfiles.Basic => "facturx/basic/Factur-X_BASIC.xsd",
            EInvoiceProfiles.En16931 => "facturx/en16931/Factur-X_EN16931.xsd",
            EInvoiceProfiles.Extended => "facturx/extended/Factur-X_EXTENDED.xsd",
            _ => "cii/CrossIndustryInvoice_100pD16B.xsd",
        },
    };

    public static IReadOnlyList<EInvoiceIssue> Validate(byte[] xml, EInvoiceDocument document)
    {
        var schema = SchemaFor(document);
        if (schema is null)
        {
            return [EInvoiceIssue.Warn("xsd", $"{document.Profile}: no schema is shipped for this legacy syntax; the file was read without XSD validation")];
        }

        return Validate(xml, schema);
    }

    public static IReadOnlyList<EInvoiceIssue> Validate(byte[] xml, string schema)
    {
        var set = Sets.GetOrAdd(schema, s => new Lazy<XmlSchemaSet>(() => Load(s))).Value;
        var issues = new List<EInvoiceIssue>();
        var settings = EInvoiceReader.SafeSettings();
        settings.ValidationType = ValidationType.Schema;
        settings.Schemas = set;
        settings.ValidationEventHandler += (_, e) =>
        {
            if (issues.Count < 20)
            {
                issues.Add(EInvoiceIssue.Warn("xsd", $"{Path.GetFileName(schema)} line {e.Exception.LineNumber}: {e.Message}"));
            }
        };
        using var stream = new MemoryStream(xml, writable: false);
        using var reader = XmlReader.Create(stream, settings);
        while (reader.Read())
        {
        }

        return issues;
    }

    private static XmlSchemaSet Load(string schema)
    {
        var resolver = new EmbeddedResolver();
        var set = new XmlSchemaSet { XmlResolver = resolver };
        var uri = new Uri(Base, schema);
        using var stream = (Stream)resolver.GetEntity(uri, null, typeof(Stream))!;
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null }, uri.AbsoluteUri);
        set.Add(null, reader);
        set.Compile();
        return set;
    }

    /// <summary>Resolves schemaLocation references among the embedded XSDs only (never the network).</summary>
    private sealed class EmbeddedResolver : XmlResolver
    {
        private static readonly Assembly Assembly = typeof(EInvoiceSchemas).Assembly;

        private static readonly Dictionary<string, string> Resources = Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToDictionary(n => n[ResourcePrefix.Length..].Replace('\\', '/'), n => n, StringComparer.Ordinal);

        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            var path = absoluteUri.AbsolutePath.TrimStart('/');
            return Resources.TryGetValue(path, out var name)
                ? Assembly.GetManifestResourceStream(name)
                : throw new XmlException($"schema {path} is not embedded");
        }

        public override Uri ResolveUri(Uri? baseUri, string? relativeUri) => new(baseUri ?? Base, relativeUri ?? "");
    }
}
