using System.Text;
using Encaisse.Portal;
using Shouldly;

namespace Encaisse.Tests.Portal;

/// <summary>Issue 16: the portal stored evil.html declared as application/pdf, under a path-traversal name.</summary>
public sealed class UploadedFilesTests
{
    [Fact]
    public void The_type_comes_from_the_bytes_against_an_allow_list()
    {
        UploadedFiles.AllowedTypeOf("%PDF-1.7\n..."u8).ShouldBe("application/pdf");
        UploadedFiles.AllowedTypeOf([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]).ShouldBe("image/png");
        UploadedFiles.AllowedTypeOf([0xFF, 0xD8, 0xFF, 0xE0]).ShouldBe("image/jpeg");
        UploadedFiles.AllowedTypeOf(Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>")).ShouldBeNull();
        UploadedFiles.AllowedTypeOf("PK\u0003\u0004"u8).ShouldBeNull();
        UploadedFiles.AllowedTypeOf([]).ShouldBeNull();
    }

    [Theory]
    [InlineData("../../etc/passwd", "application/pdf", "passwd.pdf")]
    [InlineData("..\\..\\windows\\evil.html", "application/pdf", "evil.pdf")]
    [InlineData("facture mars<script>.png", "image/png", "facture mars_script.png")]
    [InlineData("", "image/jpeg", "piece-jointe.jpg")]
    [InlineData("....", "application/pdf", "piece-jointe.pdf")]
    [InlineData("Relevé n°3.PDF", "application/pdf", "Relevé n_3.pdf")]
    public void Names_are_plain_file_names_with_the_types_extension(string name, string type, string expected) =>
        UploadedFiles.SafeName(name, type).ShouldBe(expected);
}
