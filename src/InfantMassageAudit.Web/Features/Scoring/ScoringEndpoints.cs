using InfantMassageAudit.Domain.Mechanisms;
using InfantMassageAudit.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InfantMassageAudit.Web.Features.Scoring;

/// <summary>
/// The in-place save htmx makes when a mechanism's rating, parts or note change. It answers with
/// a status line for that mechanism (and the new totals); a refused save answers 4xx with the
/// reason in the same place, and changes nothing.
/// </summary>
public static class ScoringEndpoints
{
    public static IEndpointRouteBuilder MapScoringEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // IFormCollection makes the endpoint check the antiforgery token, as every form post here must.
        // Only the assessment's own assessor may save (ResourceAccessMiddleware: edit access for a post).
        endpoints.MapPost("/assessments/{id:int}/mechanisms/{code}", SaveMechanismAsync).WithMetadata(new ResourceAccessAttribute(ResourceKind.Assessment, "id")).PrivateResponse();
        return endpoints;
    }

    private static async Task<IResult> SaveMechanismAsync(int id, string code, [FromForm] IFormCollection form, ScoringService scoring, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!MechanismId.TryParse(code, out var mechanism))
        {
            return Status(StatusCodes.Status400BadRequest, $"'{(code.Length > 20 ? code[..20] + "…" : code)}' is not a mechanism: use M1 to M15.");
        }

        var input = new MechanismInput
        {
            Code = form[ScoringFields.Code(mechanism)].FirstOrDefault(),
            Rating = form[ScoringFields.Rating(mechanism)].FirstOrDefault(),
            Note = form[ScoringFields.Note(mechanism)].FirstOrDefault(),
            Version = form[ScoringFields.Version(mechanism)].FirstOrDefault(),
            Components = [.. form[ScoringFields.Components(mechanism)]],
        };
        var outcome = await scoring.SaveAsync(id, new Dictionary<MechanismId, MechanismInput> { [mechanism] = input }, cancellationToken);
        return outcome.Result switch
        {
            SaveResult.Saved => new RazorComponentResult<SaveStatus>(new
            {
                Message = $"Saved at {ServiceInfo.Time(clock.GetUtcNow().UtcDateTime)}",
                outcome.Score,
                Mechanism = (MechanismId?)mechanism,
                Version = outcome.Versions?[mechanism],
            }),
            SaveResult.Conflict => Status(StatusCodes.Status409Conflict, "Not saved. " + string.Join(" ", outcome.Errors.Select(e => e.Message)) + " Reload the page to work from their change; what you entered is still here."),
            SaveResult.Invalid => Status(StatusCodes.Status422UnprocessableEntity, "Not saved. " + string.Join(" ", outcome.Errors.Select(e => e.Message))),
            SaveResult.Locked => Status(StatusCodes.Status409Conflict, "Not saved: this assessment is no longer a draft. Reload the page."),
            SaveResult.Refused => Status(StatusCodes.Status403Forbidden, ScoringService.RefusedMessage),
            _ => Status(StatusCodes.Status404NotFound, "Not saved: this assessment no longer exists."),
        };
    }

    private static RazorComponentResult<SaveStatus> Status(int statusCode, string message) =>
        new(new { Message = message, Failed = true }) { StatusCode = statusCode };
}
