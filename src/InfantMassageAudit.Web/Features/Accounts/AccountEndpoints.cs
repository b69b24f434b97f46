using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace InfantMassageAudit.Web.Features.Accounts;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A post with its antiforgery token (IFormCollection makes the endpoint check it): no other site can sign people out.
        endpoints.MapPost("/account/sign-out", SignOutAsync);
        return endpoints;
    }

    private static async Task<IResult> SignOutAsync([FromForm] IFormCollection form, SignInManager<AuditUser> signIn)
    {
        _ = form;
        await signIn.SignOutAsync();
        return Results.LocalRedirect(AccountSetup.SignInPath + "?signedOut=true");
    }
}
