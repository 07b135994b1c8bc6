using System.Runtime.CompilerServices;
using System.Text;

namespace Encaisse.Web.BackOffice;

/// <summary>
/// Builds a parameterised SQL text for <c>Database.SqlQuery</c>: values are always parameters, never spliced in.
/// Used by the page queries that must aggregate set-based in the database on both SQLite and PostgreSQL.
/// </summary>
internal sealed class SqlText
{
    private readonly StringBuilder text = new();
    private readonly List<object?> values = [];

    public SqlText Append(string sql)
    {
        text.Append(sql.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
        return this;
    }

    /// <summary>Appends a parameter placeholder for <paramref name="value"/>.</summary>
    public SqlText Value(object? value)
    {
        text.Append('{').Append(values.Count).Append('}');
        values.Add(value);
        return this;
    }

    /// <summary>Appends one placeholder per value, separated by commas (the inside of an <c>IN (…)</c>).</summary>
    public SqlText Values<T>(IEnumerable<T> items)
    {
        var first = true;
        foreach (var item in items)
        {
            Append(first ? "" : ", ").Value(item);
            first = false;
        }

        return this;
    }

    public FormattableString Build() => FormattableStringFactory.Create(text.ToString(), [.. values]);
}
