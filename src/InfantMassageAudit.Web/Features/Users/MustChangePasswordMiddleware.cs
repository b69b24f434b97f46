using InfantMassageAudit.Web.Features.Accounts;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Authorization;

namespace InfantMassageAudit.Web.Features.Users;

/// <summary>
/// After signing in with a one-time password an administrator set, the person may do nothing but change it: every
/// page (and every post) that needs a signed-in person redirects to change password until they have. Pages open to
/// anyone (sign-in, errors, static files, health) are left alone, as are changing the password and signing out.
/// </summary>
public sealed class MustChangePasswordMiddleware(RequestDelegate next)
{
    /// <summary>The claim set at sign-in while <see cref="AuditUser.MustChangePassword"/> is true.</summary>
    public const string Claim = "audit:must_change_password";

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.HasClaim(Claim, "true")
            && context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null
            && !context.Request.Path.StartsWithSegments(AccountSetup.ChangePasswordPath, StringComparison.OrdinalIgnoreCase)
            && !context.Request.Path.StartsWithSegments(AccountSetup.SignOutPath, StringComparison.OrdinalIgnoreCase))
        {
            if (context.Request.Headers.ContainsKey("HX-Request"))
            {
                // htmx follows a plain redirect inside the fragment; this makes it load the whole page instead.
                context.Response.Headers["HX-Redirect"] = AccountSetup.ChangePasswordPath;
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }

            context.Response.Redirect(AccountSetup.ChangePasswordPath);
            return Task.CompletedTask;
        }

        return next(context);
    }
}
