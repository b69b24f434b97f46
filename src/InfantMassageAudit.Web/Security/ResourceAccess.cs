using System.Globalization;

namespace InfantMassageAudit.Web.Security;

public enum ResourceKind
{
    Programme,
    Assessment,
}

/// <summary>
/// Marks a page or endpoint whose route names a programme or an assessment: before it runs,
/// <see cref="ResourceAccessMiddleware"/> checks that the signed-in person may read it (GET) or change
/// it (any other method). On a Razor page it is an attribute; on a minimal endpoint, metadata.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ResourceAccessAttribute(ResourceKind kind, string routeValue) : Attribute
{
    public ResourceKind Kind { get; } = kind;

    /// <summary>The route parameter holding the id ("Id", "ProgrammeId").</summary>
    public string RouteValue { get; } = routeValue;

    /// <summary>
    /// For a programme, whether a post changes it (edit, add a facilitator: Administrator and Commissioner)
    /// or only uses it (start a review from it: the role policy of the page decides).
    /// </summary>
    public bool PostChangesProgramme { get; init; }

    /// <summary>For an assessment page that only exists to change it (check answers and finalise): reading it needs edit access too.</summary>
    public bool EditOnly { get; init; }

    /// <summary>
    /// Posts here add to an assessment without changing its ratings (an action plan): reading it is
    /// enough, and the page's role policy says who may post.
    /// </summary>
    public bool PostNeedsReadOnly { get; init; }
}

/// <summary>
/// The resource half of enforcement (the role half is the pages' [Authorize] policies): a refused
/// request ends here with an empty 403 or 404, which the status-code pages turn into the service's
/// error page, so no data of the resource is ever in the body.
/// </summary>
public sealed class ResourceAccessMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, AuditAccess access)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(access);
        // No id in the route ("/programmes/new" shares its page with "/programmes/{Id}/edit"): nothing to check.
        if (context.GetEndpoint()?.Metadata.GetMetadata<ResourceAccessAttribute>() is not { } resource || access.UserOrNull is null
            || context.GetRouteValue(resource.RouteValue) is null)
        {
            await next(context);
            return;
        }

        var decision = AccessDecision.NotFound;
        if (int.TryParse(context.GetRouteValue(resource.RouteValue) as string, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            var changes = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);
            var cancellationToken = context.RequestAborted;
            decision = resource.Kind switch
            {
                ResourceKind.Assessment when (changes && !resource.PostNeedsReadOnly) || resource.EditOnly => await access.EditAssessmentAsync(id, cancellationToken),
                ResourceKind.Assessment => await access.ReadAssessmentAsync(id, cancellationToken),
                _ => await access.ProgrammeAsync(id, cancellationToken),
            };
            if (decision == AccessDecision.Allowed && resource.Kind == ResourceKind.Programme && changes && resource.PostChangesProgramme && !access.User.CanChangeProgrammes)
            {
                decision = AccessDecision.Forbidden;
            }
        }

        if (decision == AccessDecision.Allowed)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = decision == AccessDecision.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;
    }
}
