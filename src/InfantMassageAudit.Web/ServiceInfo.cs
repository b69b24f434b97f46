namespace InfantMassageAudit.Web;

public static class ServiceInfo
{
    public const string Name = "Infant massage programme audit";

    /// <summary>Page titles name the page first, then the service, as NHS services do.</summary>
    public static string Title(string page) => $"{page} – {Name}";

    public static readonly System.Globalization.CultureInfo UkCulture = System.Globalization.CultureInfo.GetCultureInfo("en-GB");

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", UkCulture);
}
