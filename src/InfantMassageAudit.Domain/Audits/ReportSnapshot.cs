namespace InfantMassageAudit.Domain.Audits;

/// <summary>
/// The programme report PDF exactly as it was when the review was signed off (made Final), kept so it
/// stays downloadable unchanged whatever happens to the review later.
/// </summary>
public sealed class ReportSnapshot
{
    public const int MaxFileNameLength = 200;
    public const int MaxCreatedByLength = 200;

    private ReportSnapshot()
    {
        FileName = CreatedBy = Sha256 = string.Empty;
        Content = [];
    }

    public ReportSnapshot(int assessmentId, string fileName, byte[] content, string createdBy, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(content);
        AssessmentId = assessmentId;
        FileName = Require.Text(fileName, MaxFileNameLength, nameof(fileName));
        CreatedBy = Require.Text(createdBy, MaxCreatedByLength, nameof(createdBy));
        Content = content;
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        CreatedAt = DateTime.SpecifyKind(now, DateTimeKind.Utc);
    }

    public int Id { get; private set; }

    public int AssessmentId { get; private set; }

    public string FileName { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>Hex SHA-256 of the PDF: shown beside the download, so a copy sent on can be checked.</summary>
    public string Sha256 { get; private set; }

    public byte[] Content { get; private set; }
}
