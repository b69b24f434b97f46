using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Security;

namespace InfantMassageAudit.IntegrationTests.Components;

/// <summary>
/// The live pages' breadcrumb: a labelled navigation landmark, parents as links, the current page as text marked
/// aria-current, and no link to "#" (which under the live pages' base address would lead to the home page).
/// </summary>
public sealed class PageTrailTests(SeededApp app) : IClassFixture<SeededApp>
{
    [Theory]
    [InlineData("/programmes", "Programmes")]
    [InlineData("/need", "Need and reach")]
    [InlineData("/areas", "Area need")]
    [InlineData("/areas/new", "Add")]
    public async Task Parents_are_links_and_the_current_page_is_text_in_a_labelled_landmark(string path, string current)
    {
        using var client = await app.Factory.SignedInClientAsync(AuditRoles.Commissioner);

        var page = await client.GetDocumentAsync(path);

        var trail = page.QuerySelector("nav[aria-label=Breadcrumb]");
        Assert.NotNull(trail);
        var links = trail!.QuerySelectorAll("a").ToList();
        Assert.NotEmpty(links);
        Assert.Equal("My work", links[0].TextContent.Trim());
        Assert.Equal("/", links[0].GetAttribute("href"));
        Assert.Equal(current, trail.QuerySelector("[aria-current=page]")?.TextContent.Trim());
        Assert.Empty(page.QuerySelectorAll("a[href='#']"));
    }
}
