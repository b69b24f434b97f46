using System.Globalization;
using InfantMassageAudit.Domain.Reach;

namespace InfantMassageAudit.Web.Features.Reach;

/// <summary>
/// The reach form as typed: every count is kept as the text entered, so a refused save shows exactly what
/// was there ("12.5", "-3", "lots") beside its field rather than losing it.
/// </summary>
public sealed class ReachForm
{
    public Dictionary<ReachStage, StageForm> Stages { get; } = ReachStages.All.ToDictionary(s => s, _ => new StageForm());

    public Dictionary<InvitationRoute, string?> Routes { get; } = InvitationRoutes.All.ToDictionary(r => r, _ => (string?)null);

    /// <summary>The version of the saved figures this form started from; null when there were none.</summary>
    public int? Version { get; set; }

    public static ReachForm From(ReachFigures figures, int? version)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var form = new ReachForm { Version = version };
        foreach (var stage in ReachStages.All)
        {
            var saved = figures.Stage(stage);
            var fields = form.Stages[stage];
            fields.Total = Text(saved.Total);
            fields.WithAnyIndicator = Text(saved.WithAnyIndicator);
            foreach (var indicator in NeedIndicators.All)
            {
                fields.Indicators[indicator] = Text(saved.With(indicator));
            }
        }

        foreach (var route in InvitationRoutes.All)
        {
            form.Routes[route] = Text(figures.InvitedBy(route));
        }

        return form;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

public sealed class StageForm
{
    public string? Total { get; set; }

    public string? WithAnyIndicator { get; set; }

    public Dictionary<NeedIndicator, string?> Indicators { get; } = NeedIndicators.All.ToDictionary(i => i, _ => (string?)null);
}

/// <summary>What a commissioner types for an area and year; numbers kept as typed, as in <see cref="ReachForm"/>.</summary>
public sealed class AreaNeedForm
{
    public string? Location { get; set; }

    public string? Year { get; set; }

    public string? Births { get; set; }

    public string? FamiliesWithAnyIndicator { get; set; }

    public Dictionary<NeedIndicator, string?> Indicators { get; } = NeedIndicators.All.ToDictionary(i => i, _ => (string?)null);

    public string? Source { get; set; }

    public int? Version { get; set; }
}

public enum ReachOutcome
{
    Saved,
    Invalid,
    Conflict,
    Forbidden,
    NotFound,
}

/// <summary>A problem beside a field (its id on the page), or for the whole form when the field is null.</summary>
public sealed record ReachFieldError(string? FieldId, string Message);

/// <summary>What a save or confirmation did; on a conflict, <see cref="Version"/> is the newer saved one.</summary>
public sealed record ReachResult(ReachOutcome Outcome, IReadOnlyList<ReachFieldError> Errors, int? Version = null, int? Id = null)
{
    public static ReachResult NotFound { get; } = new(ReachOutcome.NotFound, []);

    public static ReachResult Forbidden(string message) => new(ReachOutcome.Forbidden, [new(null, message)]);
}

/// <summary>Who entered and who confirmed, as shown on the page.</summary>
/// <param name="EnteredByViewer">The person looking entered the saved figures, so someone else must confirm them.</param>
public sealed record ReachStatus(string EnteredBy, DateTime EnteredAt, string? ConfirmedBy, DateTime? ConfirmedAt, int Version, bool EnteredByViewer)
{
    public bool IsConfirmed => ConfirmedAt is not null;
}

/// <summary>Everything the reach page shows for one programme in one round.</summary>
/// <param name="CanConfirm">Whether the person may confirm (a commissioner); the page offers it while the saved figures are unconfirmed and were entered by someone else.</param>
public sealed record ReachPageData(
    int ProgrammeId,
    string ProgrammeCode,
    string ProgrammeName,
    int RoundId,
    string RoundName,
    int CompletedAfterSessions,
    ReachForm Form,
    ReachStatus? Status,
    bool CanEdit,
    bool CanConfirm);

/// <summary>A round a programme's reach can be entered for, for the programme page's links.</summary>
public sealed record ReachRoundLink(int RoundId, string RoundName, bool HasFigures, bool IsConfirmed);

public enum AreaNeedSort
{
    Location,
    Year,
    Births,
    Families,
    Share,
    Source,
    RecordedAt,
}

/// <summary>One line of the area need list.</summary>
public sealed record AreaNeedRow(int Id, string Location, int Year, int Births, int FamiliesWithAnyIndicator, string Source, string RecordedBy, DateTime RecordedAt)
{
    public double Share => Births == 0 ? 0 : (double)FamiliesWithAnyIndicator / Births;
}

public sealed record AreaNeedList(IReadOnlyList<AreaNeedRow> Rows, bool CanEdit);

/// <summary>One area's figures for the add and change page.</summary>
public sealed record AreaNeedPageData(int? Id, AreaNeedForm Form, IReadOnlyList<string> LocationSuggestions, string? RecordedBy, DateTime? RecordedAt, bool CanEdit);
