using InfantMassageAudit.Web.Data;

namespace InfantMassageAudit.Web.Features.Programmes;

/// <summary>Queries and commands for the programme pages.</summary>
public sealed class ProgrammesService(AuditDbContext db, TimeProvider clock)
{
    private readonly AuditDbContext _db = db;
    private readonly TimeProvider _clock = clock;
}
