namespace InfantMassageAudit.Domain.Programmes;

/// <summary>An infant massage programme run by a provider, as audited.</summary>
public sealed class Programme
{
    public const int MaxCodeLength = 20;
    public const int MaxNameLength = 200;
    public const int MaxVenueLength = 200;
    public const int MaxLocationLength = 200;

    private readonly List<Facilitator> _facilitators = [];

    private Programme()
    {
        Code = string.Empty;
        Name = string.Empty;
        Delivery = DeliveryProfile.Unknown;
    }

    public Programme(string code, string name, int providerId, string? venue, string? location, DeliveryProfile delivery)
    {
        Code = Require.Text(code, MaxCodeLength, nameof(code));
        Name = Require.Text(name, MaxNameLength, nameof(name));
        ProviderId = providerId;
        Venue = Require.OptionalText(venue, MaxVenueLength, nameof(venue));
        Location = Require.OptionalText(location, MaxLocationLength, nameof(location));
        Delivery = delivery;
    }

    public int Id { get; private set; }

    /// <summary>Short label used as the column heading in the comparison (A1, B7 …); unique.</summary>
    public string Code { get; private set; }

    public string Name { get; private set; }

    public int ProviderId { get; private set; }

    public Organisation? Provider { get; private set; }

    public string? Venue { get; private set; }

    public string? Location { get; private set; }

    public DeliveryProfile Delivery { get; private set; }

    public IReadOnlyList<Facilitator> Facilitators => _facilitators;

    /// <summary>Another provider now runs the programme (its provider was merged into another organisation).</summary>
    public void MoveTo(int providerId) => ProviderId = providerId;

    public void Describe(string code, string name, int providerId, string? venue, string? location, DeliveryProfile delivery)
    {
        Code = Require.Text(code, MaxCodeLength, nameof(code));
        Name = Require.Text(name, MaxNameLength, nameof(name));
        ProviderId = providerId;
        Venue = Require.OptionalText(venue, MaxVenueLength, nameof(venue));
        Location = Require.OptionalText(location, MaxLocationLength, nameof(location));
        Delivery = delivery;
    }

    public Facilitator AddFacilitator(string? name, FacilitatorRole role, MassageTraining training)
    {
        var facilitator = new Facilitator(name, role, training);
        _facilitators.Add(facilitator);
        return facilitator;
    }

    public void RemoveFacilitator(Facilitator facilitator) => _facilitators.Remove(facilitator);
}

/// <summary>
/// How a programme is delivered. Every figure is optional: the paper gives ranges across its
/// programmes (4–6 weekly sessions, groups of 1 to 18) rather than per-programme values.
/// </summary>
public sealed record DeliveryProfile
{
    public static readonly DeliveryProfile Unknown = new(null, null, null);

    public DeliveryProfile(int? weeklySessions, int? sessionLengthMinutes, int? typicalGroupSize)
    {
        WeeklySessions = Require.OptionalRange(weeklySessions, 1, 52, nameof(weeklySessions));
        SessionLengthMinutes = Require.OptionalRange(sessionLengthMinutes, 15, 480, nameof(sessionLengthMinutes));
        TypicalGroupSize = Require.OptionalRange(typicalGroupSize, 1, 100, nameof(typicalGroupSize));
    }

    public int? WeeklySessions { get; init; }

    public int? SessionLengthMinutes { get; init; }

    /// <summary>Dyads (parent and infant pairs) in a typical session.</summary>
    public int? TypicalGroupSize { get; init; }
}

/// <summary>A person who leads sessions; a name is optional because audits often record only the role.</summary>
public sealed class Facilitator
{
    public const int MaxNameLength = 200;

    private Facilitator()
    {
    }

    internal Facilitator(string? name, FacilitatorRole role, MassageTraining training)
    {
        Name = Require.OptionalText(name, MaxNameLength, nameof(name));
        Role = role;
        Training = training;
    }

    public int Id { get; private set; }

    public int ProgrammeId { get; private set; }

    public string? Name { get; private set; }

    public FacilitatorRole Role { get; private set; }

    public MassageTraining Training { get; private set; }
}

/// <summary>The facilitator roles the paper observed.</summary>
public enum FacilitatorRole
{
    HealthVisitor,
    Midwife,
    AddictionWorker,
    NurseryNurse,
    IndependentMassageTeacher,
}

/// <summary>
/// Communication-based training (International Association of Infant Massage, four days) was
/// linked to teaching about infant states and cues; developmental training (two to three days)
/// focused on flexibility and muscle coordination.
/// </summary>
public enum MassageTraining
{
    Unknown,
    CommunicationBased,
    Developmental,
}

public static class ProgrammeText
{
    public static string DisplayName(this FacilitatorRole role) => role switch
    {
        FacilitatorRole.HealthVisitor => "Health visitor",
        FacilitatorRole.Midwife => "Midwife",
        FacilitatorRole.AddictionWorker => "Addiction worker",
        FacilitatorRole.NurseryNurse => "Nursery nurse",
        FacilitatorRole.IndependentMassageTeacher => "Independent massage teacher",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static string DisplayName(this MassageTraining training) => training switch
    {
        MassageTraining.Unknown => "Not known",
        MassageTraining.CommunicationBased => "Communication-based (IAIM, four days)",
        MassageTraining.Developmental => "Developmental (two to three days)",
        _ => throw new ArgumentOutOfRangeException(nameof(training), training, null),
    };
}
