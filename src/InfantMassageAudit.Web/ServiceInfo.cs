namespace InfantMassageAudit.Web;

public static class ServiceInfo
{
    public const string Name = "Infant massage programme audit";

    public const string OverviewCrumb = "Overview";

    /// <summary>Page titles name the page first, then the service, as NHS services do.</summary>
    public static string Title(string page) => $"{page} – {Name}";

    public static readonly System.Globalization.CultureInfo UkCulture = System.Globalization.CultureInfo.GetCultureInfo("en-GB");

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", UkCulture);

    private static readonly TimeZoneInfo UkTime = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>A stored UTC time as people in the UK read it: "23 November 2026 at 2:05pm".</summary>
    public static string DateTime(System.DateTime utc) =>
        UkLocal(utc).ToString("d MMMM yyyy 'at' h:mm", UkCulture) + UkLocal(utc).ToString("tt", UkCulture).ToLowerInvariant();

    /// <summary>"2:05pm", UK time.</summary>
    public static string Time(System.DateTime utc) =>
        UkLocal(utc).ToString("h:mm", UkCulture) + UkLocal(utc).ToString("tt", UkCulture).ToLowerInvariant();

    private static System.DateTime UkLocal(System.DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), UkTime);
}
