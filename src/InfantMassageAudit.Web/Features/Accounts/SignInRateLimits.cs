using System.Threading.RateLimiting;
using InfantMassageAudit.Web.Security;

namespace InfantMassageAudit.Web.Features.Accounts;

/// <summary>
/// ASP.NET Core's rate limiter in front of the password forms (issue 15, item 4), in two layers:
/// <list type="bullet">
/// <item>per client address (the forwarded one behind a trusted proxy): at most
/// <c>SignIn:AttemptsPerAddressPerMinute</c> sign-in and change-password posts a minute, then 429;</item>
/// <item>per account named in a sign-in: one try at a time (a few more wait their turn), so parallel
/// requests cannot slip past <see cref="SignInThrottle"/>'s counts before they are written.</item>
/// </list>
/// The growing delays themselves, which outlive a restart and hold across servers, are SignInThrottle's.
/// </summary>
public static class SignInRateLimits
{
    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("SignIn:AttemptsPerAddressPerMinute", AccountSetup.DefaultAttemptsPerAddressPerMinute);
        services.AddRateLimiter(options =>
        {
            // An empty 429: the status-code pages show the service's "too many attempts" page.
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsPasswordPost(context)
                    ? RateLimitPartition.GetSlidingWindowLimiter(ClientAddress.Of(context), _ => new SlidingWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute,
                        Window = TimeSpan.FromMinutes(1),
                        SegmentsPerWindow = 6,
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsSignInPost(context) && AccountNamed(context) is { } account
                    ? RateLimitPartition.GetConcurrencyLimiter(account, _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = 1,
                        QueueLimit = 4,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    })
                    : RateLimitPartition.GetNoLimiter("")));
        });
        return services;
    }

    /// <summary>Reads a sign-in form before the limiter, which partitions by the email in it (the form is then cached for the page).</summary>
    public static IApplicationBuilder UseSignInRateLimits(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            if (IsSignInPost(context) && context.Request.HasFormContentType)
            {
                try
                {
                    await context.Request.ReadFormAsync(context.RequestAborted);
                }
                catch (InvalidDataException)
                {
                    // A malformed or oversized form: no account to partition by; the page refuses it later.
                }
            }

            await next(context);
        });
        return app.UseRateLimiter();
    }

    private static bool IsSignInPost(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(AccountSetup.SignInPath, StringComparison.OrdinalIgnoreCase);

    private static bool IsPasswordPost(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && (context.Request.Path.Equals(AccountSetup.SignInPath, StringComparison.OrdinalIgnoreCase) || context.Request.Path.Equals(AccountSetup.ChangePasswordPath, StringComparison.OrdinalIgnoreCase));

    private static string? AccountNamed(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IFormFeature>()?.Form is { } form && form["Input.Email"].ToString() is { Length: > 0 } email
            ? SignInThrottle.Normalise(email)
            : null;
}
