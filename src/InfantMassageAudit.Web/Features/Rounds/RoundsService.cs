using InfantMassageAudit.Web.Data;

namespace InfantMassageAudit.Web.Features.Rounds;

public sealed class RoundsService(AuditDbContext db)
{
    private readonly AuditDbContext _db = db;
}
