using System.Globalization;
using InfantMassageAudit.Domain.Audits;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Web.Components;

namespace InfantMassageAudit.Web.Features.Programmes;

public enum ProgrammeSort
{
    Code,
    Name,
    Provider,
    Location,
}

/// <summary>
/// The list page's query string, read leniently: anything unknown or malformed (an unknown sort, page 0,
/// "abc" for an id) becomes the default rather than an error.
/// </summary>
public sealed record ProgrammeListRequest(
    ProgrammeSort Sort,
    bool Descending,
    int Page,
    string? ProviderId,
    string? Location,
    string? RoundId,
    MassageTraining? Training)
{
    public static ProgrammeListRequest Parse(string? sort, string? dir, string? page, string? provider, string? location, string? round, string? training) => new(
        Enum.TryParse<ProgrammeSort>(sort, ignoreCase: true, out var s) && Enum.GetNames<ProgrammeSort>().Contains(sort, StringComparer.OrdinalIgnoreCase) ? s : ProgrammeSort.Code,
        string.Equals(dir, "desc", StringComparison.OrdinalIgnoreCase),
        int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1,
        Id(provider),
        string.IsNullOrWhiteSpace(location) ? null : location,
        Id(round),
        TrainingFrom(training));

    /// <summary>Any filter asked for in the address, known or not (the service drops filters naming nothing).</summary>
    public bool HasFilters => ProviderId is not null || Location is not null || RoundId is not null || Training is not null;

    /// <summary>A training by its exact name ("Developmental"), as the filter's options send it; anything else is no filter.</summary>
    public static MassageTraining? TrainingFrom(string? training) =>
        Enum.GetNames<MassageTraining>().Contains(training, StringComparer.Ordinal) ? Enum.Parse<MassageTraining>(training!) : null;

    private static string? Id(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id.ToString(CultureInfo.InvariantCulture)
            : null;
}

/// <summary>The filters in force, each null when not filtering (values as the selects send them).</summary>
public sealed record ProgrammeFilters(string? ProviderId, string? Location, string? RoundId, MassageTraining? Training)
{
    public bool Any => ProviderId is not null || Location is not null || RoundId is not null || Training is not null;
}

public sealed record ProgrammeFilterOptions(
    IReadOnlyList<FilterOption> Providers,
    IReadOnlyList<FilterOption> Locations,
    IReadOnlyList<FilterOption> Rounds,
    IReadOnlyList<FilterOption> Trainings);

/// <summary>A row of the list: <paramref name="LatestFinalYes"/> counts Yes in the most recent Final review, null if none.</summary>
public sealed record ProgrammeRow(
    int Id,
    string Code,
    string Name,
    string Provider,
    string? Location,
    IReadOnlyList<MassageTraining> Trainings,
    int? LatestFinalYes);

public sealed record ProgrammeListing(
    IReadOnlyList<ProgrammeRow> Rows,
    int TotalCount,
    int Page,
    int TotalPages,
    ProgrammeSort Sort,
    bool Descending,
    ProgrammeFilters Filters,
    ProgrammeFilterOptions Options);

public sealed record ProgrammeHeading(int Id, string Code, string Name);

public sealed record FacilitatorRow(int Id, string? Name, FacilitatorRole Role, MassageTraining Training);

public sealed record ProgrammeAssessmentRow(
    int Id,
    int RoundId,
    string RoundName,
    AssessmentKind Kind,
    string AssessorName,
    AssessmentStatus Status,
    int YesCount);

public sealed record ProgrammeDetails(
    int Id,
    string Code,
    string Name,
    string Provider,
    string? Venue,
    string? Location,
    int? WeeklySessions,
    int? SessionLengthMinutes,
    int? TypicalGroupSize,
    IReadOnlyList<FacilitatorRow> Facilitators,
    IReadOnlyList<ProgrammeAssessmentRow> Assessments);

public sealed record PropertyError(string Property, string Message);

/// <summary>What a save did: saved (with the programme's id), refused with field errors, or found no programme.</summary>
public sealed record SaveResult(int? Id, IReadOnlyList<PropertyError> Errors, bool IsNotFound)
{
    public static readonly SaveResult NotFound = new(null, [], true);

    public bool Succeeded => Id is not null;

    public static SaveResult Saved(int id) => new(id, [], false);

    public static SaveResult Invalid(IReadOnlyList<PropertyError> errors) => new(null, errors, false);
}

public static class ProgrammeDisplay
{
    /// <summary>The total as the pages show it: "9 of 15".</summary>
    public static string OutOf15(int yes) => yes.ToString(CultureInfo.InvariantCulture) + " of 15";

    /// <summary>Short names for the list, where the full ones would crowd the table.</summary>
    public static string ShortName(this MassageTraining training) => training switch
    {
        MassageTraining.CommunicationBased => "Communication-based",
        MassageTraining.Developmental => "Developmental",
        _ => "Not known",
    };

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
