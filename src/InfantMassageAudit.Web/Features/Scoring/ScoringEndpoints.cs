namespace InfantMassageAudit.Web.Features.Scoring;

public static class ScoringEndpoints
{
    public static IEndpointRouteBuilder MapScoringEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
