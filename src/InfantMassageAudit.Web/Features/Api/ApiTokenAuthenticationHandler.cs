using System.Security.Claims;
using System.Text.Encodings.Web;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace InfantMassageAudit.Web.Features.Api;

/// <summary>
/// "Authorization: Bearer ima_…": the opaque personal access token is looked up by its hash. The principal
/// is built by the same factory as the cookie's (role, organisation, display name), so AuditAccess applies
/// the screens' rules unchanged. A deactivated account's tokens stop working at once: the account is read
/// on every call. Only the API's endpoints name this scheme; pages never accept it.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenService tokens,
    IUserClaimsPrincipalFactory<AuditUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string TokenIdClaim = "audit:api_token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        if (await tokens.FindUsableAsync(token, Context.RequestAborted) is not (var row, var user))
        {
            // The same answer for unknown, revoked, expired, deactivated and after a password reset by an administrator.
            return AuthenticateResult.Fail("The token is not valid.");
        }

        var principal = await principals.CreateAsync(user);
        var identity = new ClaimsIdentity(principal.Claims.Where(c => c.Type != Users.MustChangePasswordMiddleware.Claim), SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(TokenIdClaim, row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var result = new ClaimsPrincipal(identity);

        // The change log names whoever HttpContext.User is: the token's person, for its first use.
        Context.User = result;
        await tokens.NoteUseAsync(row, Context.RequestAborted);
        return AuthenticateResult.Success(new AuthenticationTicket(result, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // RFC 6750: the scheme, and an error when a token was sent but refused. The body is problem details (ApiProblems).
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Request.Headers.Authorization.Count > 0 ? "Bearer error=\"invalid_token\"" : "Bearer";
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}
