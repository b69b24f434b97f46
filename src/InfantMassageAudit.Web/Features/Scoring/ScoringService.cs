using InfantMassageAudit.Web.Data;

namespace InfantMassageAudit.Web.Features.Scoring;

public sealed class ScoringService(AuditDbContext db, TimeProvider clock)
{
    private readonly AuditDbContext _db = db;
    private readonly TimeProvider _clock = clock;
}
