using System.Text;
using InfantMassageAudit.Web.Features.Reports;

namespace InfantMassageAudit.IntegrationTests.Features.Reports;

/// <summary>The metadata rewrite on a small hand-written file: which /Info it picks, and that no byte moves.</summary>
public sealed class PdfMetadataTests
{
    private const string OlderInfo = "112 0 obj\n<< /Creator (Older HeadlessChrome/1) /Producer (Skia/PDF m1) >>\nendobj\n";

    [Fact]
    public void Only_the_info_object_the_last_trailer_names_is_rewritten_in_place()
    {
        var pdf = Encoding.Latin1.GetBytes(
            "%PDF-1.4\n" + OlderInfo +
            "12 0 obj\n<< /Creator (Mozilla/5.0 HeadlessChrome/156.0.0.0) /Producer <FEFF0053006B00690061> >>\nendobj\n" +
            "trailer\n<< /Info 112 0 R >>\ntrailer\n<< /Size 13 /Info 12 0 R >>\n%%EOF\n");

        var rewritten = Encoding.Latin1.GetString(PdfMetadata.WithoutBrowserVersion(pdf));

        Assert.Equal(pdf.Length, rewritten.Length);
        Assert.Contains(OlderInfo, rewritten, StringComparison.Ordinal); // an earlier revision's /Info, not the one in force
        var info = rewritten[rewritten.IndexOf("\n12 0 obj", StringComparison.Ordinal)..rewritten.IndexOf("trailer", StringComparison.Ordinal)];
        Assert.DoesNotContain("HeadlessChrome", info, StringComparison.Ordinal);
        Assert.Contains($"/Creator ({PdfMetadata.Creator}", info, StringComparison.Ordinal);
        Assert.Contains("/Producer <FEFF0050004400460020>", info, StringComparison.Ordinal); // "PDF " in UTF-16, as long as "Skia"
    }
}
