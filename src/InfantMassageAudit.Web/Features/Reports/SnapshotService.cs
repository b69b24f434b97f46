using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InfantMassageAudit.Web.Features.Reports;

public sealed record SnapshotRow(int Id, string FileName, DateTime CreatedAt, string CreatedBy, string Sha256, int Bytes);

/// <summary>
/// At sign-off (a review made Final, or a moderation recorded) the programme report is printed once
/// and stored, so the document sent on stays downloadable exactly as it was signed off.
/// </summary>
public sealed partial class SnapshotService(AuditDbContext db, ReportsService reports, TimeProvider clock, ILogger<SnapshotService> logger)
{
    /// <summary>
    /// Stores the snapshot, or returns null when Chromium cannot print now: the sign-off stands, and the
    /// assessment page offers to store the snapshot again.
    /// </summary>
    public async Task<ReportSnapshot?> TryStoreAsync(int assessmentId, string signedOffBy, CancellationToken cancellationToken)
    {
        var model = await reports.ProgrammeAsync(assessmentId, signedOffBy, cancellationToken);
        if (model is null)
        {
            return null;
        }

        byte[] pdf;
        try
        {
            pdf = await reports.ProgrammePdfAsync(model, cancellationToken);
        }
        catch (PdfUnavailableException ex)
        {
            LogSnapshotFailed(logger, assessmentId, ex.Message);
            return null;
        }

        var snapshot = new ReportSnapshot(assessmentId, ReportsService.ProgrammeFileName(model), pdf, signedOffBy, clock.GetUtcNow().UtcDateTime);
        db.ReportSnapshots.Add(snapshot);
        await db.SaveChangesAsync(cancellationToken);
        return snapshot;
    }

    public async Task<IReadOnlyList<SnapshotRow>> ListAsync(int assessmentId, CancellationToken cancellationToken) =>
        await db.ReportSnapshots.AsNoTracking()
            .Where(s => s.AssessmentId == assessmentId)
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Select(s => new SnapshotRow(s.Id, s.FileName, s.CreatedAt, s.CreatedBy, s.Sha256, s.Content.Length))
            .ToListAsync(cancellationToken);

    public async Task<ReportSnapshot?> GetAsync(int assessmentId, int snapshotId, CancellationToken cancellationToken) =>
        await db.ReportSnapshots.AsNoTracking().SingleOrDefaultAsync(s => s.Id == snapshotId && s.AssessmentId == assessmentId, cancellationToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "The sign-off snapshot of assessment {AssessmentId} could not be printed: {Reason}")]
    private static partial void LogSnapshotFailed(ILogger logger, int assessmentId, string reason);
}
