using System.Globalization;
using InfantMassageAudit.Domain.Text;

namespace InfantMassageAudit.Domain.Reach;

/// <summary>What a commissioner enters for an area and year: births, and the estimated families with need indicators, with the source of the figures.</summary>
public sealed record AreaNeedFigures(int Births, int FamiliesWithAnyIndicator, IReadOnlyDictionary<NeedIndicator, int> FamiliesByIndicator)
{
    /// <summary>More births than this in one programme's area and year is a typing slip (the largest English local authorities record about 20,000).</summary>
    public const int MaxBirths = 200_000;

    public const string BirthsField = "births";
    public const string AnyIndicatorField = "families-any";

    public static string FieldId(NeedIndicator indicator) => $"families-{indicator}";

    public int With(NeedIndicator indicator) => FamiliesByIndicator.TryGetValue(indicator, out var count) ? count : 0;

    /// <summary>Families with one or more indicators, as a share of births.</summary>
    public AreaShare AnyShare => new(FamiliesWithAnyIndicator, Births);

    public AreaShare ShareWith(NeedIndicator indicator) => new(With(indicator), Births);

    public IReadOnlyList<ReachProblem> Problems()
    {
        var problems = new List<ReachProblem>();
        if (Births < 1 || Births > MaxBirths)
        {
            problems.Add(new(BirthsField, $"Births must be between 1 and {Number(MaxBirths)}."));
        }

        var births = Births is >= 1 and <= MaxBirths ? Births : MaxBirths;
        if (FamiliesWithAnyIndicator < 0 || FamiliesWithAnyIndicator > births)
        {
            problems.Add(new(AnyIndicatorField, "Families with one or more need indicators must be 0 or more and no more than the births."));
        }

        foreach (var indicator in NeedIndicators.All)
        {
            var count = With(indicator);
            if (count < 0 || count > births)
            {
                problems.Add(new(FieldId(indicator), $"{indicator.DisplayName()}: families must be 0 or more and no more than the births."));
            }
            else if (count > FamiliesWithAnyIndicator && FamiliesWithAnyIndicator >= 0)
            {
                problems.Add(new(FieldId(indicator), $"{indicator.DisplayName()}: families cannot be more than families with one or more need indicators ({Number(FamiliesWithAnyIndicator)})."));
            }
        }

        return problems;
    }

    private static string Number(int value) => value.ToString("N0", CultureInfo.GetCultureInfo("en-GB"));
}

/// <summary>
/// The need in a programme's area in a year, as a commissioner records it. Matched to programmes by their
/// location (compared as <see cref="LocationKey"/>) and to a round by the year its period starts in.
/// </summary>
public sealed class AreaNeed
{
    public const int MaxLocationLength = 200;
    public const int MaxSourceLength = 500;
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    private readonly List<AreaNeedIndicator> _indicators = [];

    private AreaNeed()
    {
        Location = LocationKey = Source = RecordedById = string.Empty;
    }

    public AreaNeed(string location, int year, AreaNeedFigures figures, string source, string recordedById, DateTime now)
    {
        Location = Require.Text(location, MaxLocationLength, nameof(location));
        LocationKey = KeyOf(Location);
        Year = year is >= MinYear and <= MaxYear ? year : throw new ArgumentOutOfRangeException(nameof(year), year, $"The year must be between {MinYear} and {MaxYear}.");
        Source = RecordedById = string.Empty;
        Record(figures, source, recordedById, now);
    }

    public int Id { get; private set; }

    public string Location { get; private set; }

    /// <summary>The location as compared: case, spacing and punctuation variants folded, as organisation names are.</summary>
    public string LocationKey { get; private set; }

    public int Year { get; private set; }

    public int Births { get; private set; }

    public int FamiliesWithAnyIndicator { get; private set; }

    public IReadOnlyList<AreaNeedIndicator> Indicators => _indicators;

    /// <summary>Where the figures come from, such as a local needs assessment.</summary>
    public string Source { get; private set; }

    public string RecordedById { get; private set; }

    public DateTime RecordedAt { get; private set; }

    /// <summary>Goes up with each change: a save made from an older copy of the figures is refused, not merged.</summary>
    public int Version { get; private set; }

    public AreaNeedFigures Figures => new(Births, FamiliesWithAnyIndicator, _indicators.ToDictionary(i => i.Indicator, i => i.Families));

    /// <summary>The key a programme's location is matched by.</summary>
    public static string KeyOf(string location) => OrganisationName.Key(location);

    /// <summary>Corrects the location or year (a typing slip); the service checks that no other figures hold the new pair.</summary>
    public void Relocate(string location, int year)
    {
        Location = Require.Text(location, MaxLocationLength, nameof(location));
        LocationKey = KeyOf(Location);
        Year = year is >= MinYear and <= MaxYear ? year : throw new ArgumentOutOfRangeException(nameof(year), year, $"The year must be between {MinYear} and {MaxYear}.");
    }

    public void Record(AreaNeedFigures figures, string source, string recordedById, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordedById);
        if (figures.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(problems[0].Message, nameof(figures));
        }

        Source = Require.Text(source, MaxSourceLength, nameof(source));
        Births = figures.Births;
        FamiliesWithAnyIndicator = figures.FamiliesWithAnyIndicator;
        _indicators.Clear();
        foreach (var indicator in NeedIndicators.All)
        {
            if (figures.With(indicator) is > 0 and var families)
            {
                _indicators.Add(new AreaNeedIndicator(indicator, families));
            }
        }

        RecordedById = recordedById;
        RecordedAt = DateTime.SpecifyKind(now, DateTimeKind.Utc);
        Version++;
    }
}

/// <summary>The estimated number of families in an area and year with one need indicator.</summary>
public sealed class AreaNeedIndicator
{
    private AreaNeedIndicator()
    {
    }

    public AreaNeedIndicator(NeedIndicator indicator, int families)
    {
        Indicator = indicator;
        Families = families;
    }

    public int Id { get; private set; }

    public int AreaNeedId { get; private set; }

    public NeedIndicator Indicator { get; private set; }

    public int Families { get; private set; }
}
