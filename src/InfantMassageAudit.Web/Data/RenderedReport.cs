namespace InfantMassageAudit.Web.Data;

/// <summary>
/// A PDF report as it was last printed for one request (docs/decisions/0017): the report's kind and inputs and the
/// person it was printed for make the key; the data's version says whether it still shows what the data says now.
/// A cache, not a record: it is not in the change log, and any row may be deleted at any time.
/// </summary>
public sealed class RenderedReport
{
    public const int KeyLength = 64;
    public const int MaxKindLength = 20;
    public const int MaxVersionLength = 200;
    public const int MaxETagLength = 80;
    public const int MaxFileNameLength = 200;

    private RenderedReport()
    {
        CacheKey = Kind = DataVersion = ETag = FileName = string.Empty;
        Content = [];
    }

    public RenderedReport(string cacheKey, string kind, string dataVersion, string eTag, string fileName, byte[] content, DateTime createdAt)
    {
        CacheKey = cacheKey;
        Kind = kind;
        DataVersion = dataVersion;
        ETag = eTag;
        FileName = fileName;
        Content = content;
        CreatedAt = DateTime.SpecifyKind(createdAt, DateTimeKind.Utc);
    }

    public long Id { get; private set; }

    /// <summary>SHA-256 (hex) of the report's kind, inputs, viewer and template: one row per such key.</summary>
    public string CacheKey { get; private set; }

    /// <summary>"comparison" or "programme": for people reading the table, not part of any decision.</summary>
    public string Kind { get; private set; }

    /// <summary>The change log's position for what the report covers when it was printed (latest id and count).</summary>
    public string DataVersion { get; private set; }

    /// <summary>The strong entity tag sent with the PDF, quoted: a hash of the bytes.</summary>
    public string ETag { get; private set; }

    public string FileName { get; private set; }

    public byte[] Content { get; private set; }

    public DateTime CreatedAt { get; private set; }
}
