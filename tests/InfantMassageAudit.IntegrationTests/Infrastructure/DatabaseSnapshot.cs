using InfantMassageAudit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.IntegrationTests.Infrastructure;

/// <summary>
/// A fingerprint of everything the users can change, to assert that a refused request changed nothing.
/// </summary>
public sealed record DatabaseSnapshot(int Organisations, int Programmes, int Rounds, int Assessments, string Ratings, string Statuses)
{
    public static async Task<DatabaseSnapshot> TakeAsync(AuditAppFactory app)
    {
        await using var db = app.Database.CreateContext();
        return await TakeAsync(db);
    }

    public static async Task<DatabaseSnapshot> TakeAsync(AuditDbContext db)
    {
        var ratings = await db.MechanismRatings.AsNoTracking()
            .OrderBy(r => r.AssessmentId).ThenBy(r => r.MechanismNumber)
            .Select(r => new { r.AssessmentId, r.MechanismNumber, r.Rating, r.EvidenceNote, r.MetComponents })
            .ToListAsync(TestContext.Current.CancellationToken);
        var statuses = await db.Assessments.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.Status }).ToListAsync(TestContext.Current.CancellationToken);
        return new DatabaseSnapshot(
            await db.Organisations.CountAsync(TestContext.Current.CancellationToken),
            await db.Programmes.CountAsync(TestContext.Current.CancellationToken),
            await db.AuditRounds.CountAsync(TestContext.Current.CancellationToken),
            await db.Assessments.CountAsync(TestContext.Current.CancellationToken),
            string.Join('|', ratings.Select(r => $"{r.AssessmentId}:{r.MechanismNumber}:{r.Rating}:{r.EvidenceNote}:{r.MetComponents}")),
            string.Join('|', statuses.Select(s => $"{s.Id}:{s.Status}")));
    }
}
