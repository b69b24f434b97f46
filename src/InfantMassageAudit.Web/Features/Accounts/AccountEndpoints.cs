using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace InfantMassageAudit.Web.Features.Accounts;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Posts with their antiforgery token (IFormCollection makes the endpoint check it): no other site can
        // sign people out or end their sessions.
        endpoints.MapPost(AccountSetup.SignOutPath, SignOutAsync);
        endpoints.MapPost(AccountSetup.SessionsPath + "/end", EndSessionAsync);
        endpoints.MapPost(AccountSetup.SessionsPath + "/end-others", EndOtherSessionsAsync);
        return endpoints;
    }

    private static async Task<IResult> SignOutAsync([FromForm] IFormCollection form, SignInManager<AuditUser> signIn)
    {
        _ = form;
        await signIn.SignOutAsync(); // the cookie's OnSigningOut event ends the session row
        return Results.LocalRedirect(AccountSetup.SignInPath + "?signedOut=true");
    }

    private static async Task<IResult> EndSessionAsync([FromForm] IFormCollection form, HttpContext context, SessionStore sessions)
    {
        if (form["SessionId"].ToString() is { Length: > 0 and <= UserSession.IdLength } sessionId)
        {
            await sessions.EndOtherAsync(context.User, sessionId, context.RequestAborted);
        }

        return Results.LocalRedirect(AccountSetup.SessionsPath + "?ended=1");
    }

    private static async Task<IResult> EndOtherSessionsAsync([FromForm] IFormCollection form, HttpContext context, SessionStore sessions)
    {
        _ = form;
        await sessions.EndAllOthersAsync(context.User, context.RequestAborted);
        return Results.LocalRedirect(AccountSetup.SessionsPath + "?ended=all");
    }
}
