using MudBlazor;

namespace InfantMassageAudit.Web.Components.Layout;

/// <summary>
/// NHS-like blues, each text colour at least 4.5:1 against its background (WCAG 2.2 AA), and the system's
/// own fonts: no font CDN (none is reachable from a locked-down NHS network, and none is needed).
/// </summary>
public static class AppTheme
{
    private static readonly string[] SystemFonts =
        ["system-ui", "-apple-system", "\"Segoe UI\"", "Roboto", "Arial", "\"Liberation Sans\"", "\"Helvetica Neue\"", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#005eb8", // NHS blue: 6.0:1 with white
            PrimaryContrastText = "#ffffff",
            Secondary = "#003087", // dark blue: 12.6:1 with white
            SecondaryContrastText = "#ffffff",
            Info = "#005eb8",
            Success = "#007f3b", // 5.1:1 with white
            Warning = "#8a4b00",
            Error = "#d5281b", // 4.9:1 with white
            AppbarBackground = "#005eb8",
            AppbarText = "#ffffff",
            Background = "#f0f4f5",
            Surface = "#ffffff",
            TextPrimary = "#212b32", // 14.5:1 on white
            TextSecondary = "#4c6272", // 6.2:1 on white, 5.6:1 on the background
            DrawerBackground = "#ffffff",
            DrawerText = "#212b32",
            ActionDefault = "#4c6272",
            LinesDefault = "#d8dde0",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = SystemFonts },
            H1 = new H1Typography { FontFamily = SystemFonts, FontSize = "2rem", FontWeight = "700", LineHeight = "1.25" },
            H2 = new H2Typography { FontFamily = SystemFonts, FontSize = "1.5rem", FontWeight = "700", LineHeight = "1.3" },
            H3 = new H3Typography { FontFamily = SystemFonts, FontSize = "1.25rem", FontWeight = "700", LineHeight = "1.35" },
            // Sentence case as written: capitals everywhere are harder to read (NHS and GOV.UK style).
            Button = new ButtonTypography { FontFamily = SystemFonts, FontWeight = "600", TextTransform = "none" },
        },
    };
}
