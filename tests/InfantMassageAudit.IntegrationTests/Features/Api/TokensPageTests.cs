using System.Net;
using InfantMassageAudit.IntegrationTests.Infrastructure;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Security;
using Microsoft.EntityFrameworkCore;
using static InfantMassageAudit.IntegrationTests.Features.Api.ApiTestKit;

namespace InfantMassageAudit.IntegrationTests.Features.Api;

/// <summary>/account/tokens: a person creates, names and revokes their own tokens; an administrator revokes anyone's.</summary>
public sealed class TokensPageTests(SeededApp app) : IClassFixture<SeededApp>
{
    private static readonly Uri Rounds = new("/api/v1/rounds", UriKind.Relative);

    [Fact]
    public async Task A_person_creates_a_token_sees_it_once_uses_it_and_revokes_it()
    {
        using var browser = await app.Factory.SignedInClientAsync(AuditRoles.Commissioner, name: "tokens");
        var page = await browser.GetDocumentAsync("/account/tokens");
        var created = await browser.SubmitAsync(page, "#token-form", new Dictionary<string, string?> { ["Input.Name"] = "Power BI refresh", ["Input.ExpiresInDays"] = "365" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var createdPage = await created.ReadDocumentAsync();
        var token = createdPage.QuerySelector("#new-token")!.TextContent.Trim();
        Assert.StartsWith("ima_", token, StringComparison.Ordinal);
        Assert.Contains("Power BI refresh", createdPage.QuerySelector("#tokens")!.TextContent, StringComparison.Ordinal);

        using (var api = ApiClient(app.Factory, token))
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(Rounds, Cancel)).StatusCode);
        }

        // Shown once: the list never shows it again, and only its hash is stored.
        var later = await browser.GetDocumentAsync("/account/tokens");
        Assert.Null(later.QuerySelector("#new-token"));
        Assert.DoesNotContain(token, later.DocumentElement.OuterHtml, StringComparison.Ordinal);
        await using (var db = app.Factory.Database.CreateContext())
        {
            var row = await db.PersonalAccessTokens.AsNoTracking().SingleAsync(t => t.Name == "Power BI refresh", Cancel);
            Assert.Equal(Web.Features.Api.TokenService.HashOf(token), row.SecretHash);
            Assert.InRange(row.ExpiresAt - row.CreatedAt, TimeSpan.FromDays(365), TimeSpan.FromDays(365));
        }

        var revoked = await browser.SubmitAsync(later, "#tokens form.app-revoke-token");
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Contains("revoked", (await revoked.ReadDocumentAsync()).QuerySelector("#revoked-title")!.ParentElement!.ParentElement!.TextContent, StringComparison.OrdinalIgnoreCase);
        using (var api = ApiClient(app.Factory, token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync(Rounds, Cancel)).StatusCode);
        }
    }

    [Theory]
    [InlineData("", "90", "Enter a name for the token")]
    [InlineData("Too long", "400", "Choose how long the token lasts, up to a year")]
    public async Task A_token_without_a_name_or_longer_than_a_year_is_refused_beside_its_field(string name, string days, string message)
    {
        using var browser = await app.Factory.SignedInClientAsync(AuditRoles.Manager, name: "refused-token");
        var page = await browser.GetDocumentAsync("/account/tokens");
        var answer = await browser.SubmitAsync(page, "#token-form", new Dictionary<string, string?> { ["Input.Name"] = name, ["Input.ExpiresInDays"] = days });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        var document = await answer.ReadDocumentAsync();
        Assert.Contains(message, document.QuerySelector(".nhsuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Null(document.QuerySelector("#new-token"));
    }

    [Theory]
    [InlineData("Power\u0007BI refresh", "The name contains a hidden control character")]
    [InlineData("Power BI refresh\u001Bnightly", "The name contains a hidden control character")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "The name must be 100 characters or fewer")]
    public async Task A_token_name_too_long_or_with_a_control_character_is_refused_beside_its_field(string name, string message)
    {
        using var browser = await app.Factory.SignedInClientAsync(AuditRoles.Manager, name: "refused-token");
        var page = await browser.GetDocumentAsync("/account/tokens");
        var answer = await browser.SubmitAsync(page, "#token-form", new Dictionary<string, string?> { ["Input.Name"] = name, ["Input.ExpiresInDays"] = "90" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        var document = await answer.ReadDocumentAsync();
        Assert.Contains(message, document.QuerySelector(".nhsuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Null(document.QuerySelector("#new-token"));
    }

    [Fact]
    public async Task An_administrator_revokes_another_persons_token_from_their_page_and_nobody_else_can()
    {
        var token = await TokenForAsync(app.Factory, AuditRoles.Facilitator, DemoData.ProviderName("Location A"), name: "revoked-by-admin");
        var email = await TestUsers.EnsureUserAsync(app.Factory.Services, AuditRoles.Facilitator, DemoData.ProviderName("Location A"), "revoked-by-admin");
        string userId;
        await using (var db = app.Factory.Database.CreateContext())
        {
            userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Cancel);
        }

        // A manager cannot use the administrators' revoke.
        using var manager = await app.Factory.SignedInClientAsync(AuditRoles.Manager, followRedirects: false);
        var ownPage = await manager.GetDocumentAsync("/account/tokens");
        var refused = await manager.PostFieldsAsync($"/admin/users/{userId}/tokens/revoke", [new("TokenId", "1"), new("__RequestVerificationToken", HtmlClient.AntiforgeryToken(ownPage))]);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var api = ApiClient(app.Factory, token))
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(Rounds, Cancel)).StatusCode);
        }

        using var admin = await app.Factory.SignedInClientAsync(AuditRoles.Administrator, followRedirects: false);
        var userPage = await admin.GetDocumentAsync($"/admin/users/{userId}");
        var answer = await admin.SubmitAsync(userPage, "#user-tokens form");
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var after = await admin.GetDocumentAsync(answer.Headers.Location!.OriginalString);
        Assert.NotNull(after.QuerySelector("#token-revoked"));
        Assert.NotNull(after.QuerySelector("#no-tokens"));
        using (var api = ApiClient(app.Factory, token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync(Rounds, Cancel)).StatusCode);
        }
    }
}
