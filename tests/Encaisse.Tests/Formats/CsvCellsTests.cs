using Encaisse.Formats;
using Shouldly;

namespace Encaisse.Tests.Formats;

public sealed class CsvCellsTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", ',', "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("+33 1 23", ',', "'+33 1 23")]
    [InlineData("-1+1", ';', "'-1+1")]
    [InlineData("@SUM(A1)", ',', "'@SUM(A1)")]
    [InlineData("\tcmd", ',', "'\tcmd")]
    [InlineData("Dupont; Fils", ';', "\"Dupont; Fils\"")]
    [InlineData("Dupont, Fils", ';', "Dupont, Fils")]
    [InlineData("", ',', "")]
    public void Text_cells_are_defused_and_quoted(string value, char separator, string expected) =>
        CsvCells.Text(value, separator).ShouldBe(expected);

    [Fact]
    public void Numbers_stay_numbers_and_lines_join_cells()
    {
        CsvCells.Cell(-1234.5m, ',').ShouldBe("-1234.5");
        CsvCells.Cell(-3L, ';').ShouldBe("-3");
        CsvCells.Line(["411A", -12.3m, null, "=1+1"], ';').ShouldBe("411A;-12.3;;'=1+1");
    }
}
