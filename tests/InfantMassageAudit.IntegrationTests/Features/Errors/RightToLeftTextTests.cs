using AngleSharp.Dom;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Features.Errors;

/// <summary>
/// Issue 11, item 4: a right-to-left override (U+202E) in someone's text must not reorder the text around it, so
/// wherever people's text is shown (pages and the HTML the PDF reports are printed from) it is isolated, in a
/// <c>bdi</c> element or one with <c>dir="auto"</c>.
/// </summary>
public sealed class RightToLeftTextTests(SeededApp app) : IClassFixture<SeededApp>
{
    private const string Override = "\u202E";
    private const string ProgrammeName = "Baby massage " + Override + "fdp.exe";
    private const string Note = "Seen in session " + Override + "three";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Right_to_left_overrides_in_peoples_text_are_isolated_on_pages_and_in_the_report_html()
    {
        var (programmeId, finalId) = await OverridesInADemoProgrammeAsync();
        using var client = await app.Factory.SignedInClientAsync(AuditRoles.Commissioner);

        foreach (var url in new[] { $"/programmes/{programmeId}", "/programmes", "/", $"/reports/assessments/{finalId}" })
        {
            var page = await client.GetDocumentAsync(url);
            var shown = TextNodesWithTheOverride(page).ToList();
            Assert.True(shown.Count > 0, $"{url} does not show the text at all");
            var loose = shown.Where(node => node.ParentElement!.Closest("bdi, [dir=auto]") is null).Select(node => $"<{node.ParentElement!.LocalName}> {node.Data.Trim()}").ToList();
            Assert.True(loose.Count == 0, $"{url} shows text with U+202E outside <bdi> or dir=auto:\n{string.Join("\n", loose)}");
        }
    }

    /// <summary>Text shown in the page's body; not a title or an option, which hold text only and are laid out alone.</summary>
    private static IEnumerable<IText> TextNodesWithTheOverride(IDocument page) =>
        page.Body!.Descendants<IText>().Where(t => t.Data.Contains(Override, StringComparison.Ordinal) && t.ParentElement is { LocalName: not ("option" or "textarea" or "title" or "script") });

    private async Task<(int Programme, int Final)> OverridesInADemoProgrammeAsync()
    {
        await using var db = app.Factory.Database.CreateContext();
        var programme = await db.Programmes.SingleAsync(p => p.Code == "A1", Cancel);
        programme.Describe(programme.Code, ProgrammeName, programme.ProviderId, "Hall " + Override + "B", programme.Location, programme.Delivery);
        await db.SaveChangesAsync(Cancel);
        var final = await db.Assessments.Where(a => a.ProgrammeId == programme.Id).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync(Cancel);
        await db.MechanismRatings.Where(r => r.AssessmentId == final && r.MechanismNumber == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.EvidenceNote, Note), Cancel);
        return (programme.Id, final);
    }
}
