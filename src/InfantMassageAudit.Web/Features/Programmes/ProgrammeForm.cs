using System.ComponentModel.DataAnnotations;
using System.Globalization;
using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Web.Components;

namespace InfantMassageAudit.Web.Features.Programmes;

/// <summary>
/// What the add and change programme form posts. Figures are strings so that "six" reaches validation
/// (and gets a message beside the field) instead of failing in the form binder.
/// </summary>
public sealed class ProgrammeForm
{
    /// <summary>Each property and the id of its input, in the order the form shows them (for the error summary).</summary>
    public static readonly IReadOnlyList<(string Property, string FieldId)> Fields =
    [
        (nameof(Code), "code"),
        (nameof(Name), "name"),
        (nameof(ProviderId), "provider"),
        (nameof(Venue), "venue"),
        (nameof(Location), "location"),
        (nameof(WeeklySessions), "weekly-sessions"),
        (nameof(SessionLengthMinutes), "session-length"),
        (nameof(TypicalGroupSize), "group-size"),
    ];

    [Required(ErrorMessage = "Enter a programme code")]
    [StringLength(Programme.MaxCodeLength, ErrorMessage = "Programme code must be 20 characters or fewer")]
    [FreeText("Programme code")]
    public string? Code { get; set => field = Tidy(value); }

    [Required(ErrorMessage = "Enter the programme's name")]
    [StringLength(Programme.MaxNameLength, ErrorMessage = "Name must be 200 characters or fewer")]
    [FreeText("Name")]
    public string? Name { get; set => field = Tidy(value); }

    /// <summary>
    /// The id of an existing provider organisation, chosen from a list: typing a name here once created a second
    /// organisation that looked the same as an existing one (issue 11). Administrators add organisations.
    /// </summary>
    [Required(ErrorMessage = "Select the provider that runs the programme")]
    public string? ProviderId { get; set => field = Tidy(value); }

    [StringLength(Programme.MaxVenueLength, ErrorMessage = "Venue must be 200 characters or fewer")]
    [FreeText("Venue")]
    public string? Venue { get; set => field = Tidy(value); }

    [StringLength(Programme.MaxLocationLength, ErrorMessage = "Location must be 200 characters or fewer")]
    [FreeText("Location")]
    public string? Location { get; set => field = Tidy(value); }

    [WholeNumber(1, 52, "Weekly sessions", 6)]
    public string? WeeklySessions { get; set => field = Tidy(value); }

    [WholeNumber(15, 480, "Session length", 90, Unit = "minutes")]
    public string? SessionLengthMinutes { get; set => field = Tidy(value); }

    [WholeNumber(1, 100, "Typical group size", 8)]
    public string? TypicalGroupSize { get; set => field = Tidy(value); }

    public static ProgrammeForm From(string code, string name, int providerId, string? venue, string? location, int? weeklySessions, int? sessionLengthMinutes, int? typicalGroupSize) => new()
    {
        Code = code,
        Name = name,
        ProviderId = providerId.ToString(CultureInfo.InvariantCulture),
        Venue = venue,
        Location = location,
        WeeklySessions = weeklySessions?.ToString(CultureInfo.InvariantCulture),
        SessionLengthMinutes = sessionLengthMinutes?.ToString(CultureInfo.InvariantCulture),
        TypicalGroupSize = typicalGroupSize?.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The delivery profile; call only once validation has passed.</summary>
    public DeliveryProfile ToDelivery() => new(
        WholeNumberAttribute.Parse(WeeklySessions),
        WholeNumberAttribute.Parse(SessionLengthMinutes),
        WholeNumberAttribute.Parse(TypicalGroupSize));

    private static string? Tidy(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>What the add facilitator form posts; role and training are names of the enums, checked against them.</summary>
public sealed class FacilitatorForm
{
    public static readonly IReadOnlyList<(string Property, string FieldId)> Fields =
    [
        (nameof(Name), "facilitator-name"),
        (nameof(Role), "facilitator-role"),
        (nameof(Training), "facilitator-training"),
    ];

    [StringLength(Facilitator.MaxNameLength, ErrorMessage = "Name must be 200 characters or fewer")]
    [FreeText("Name")]
    public string? Name { get; set => field = string.IsNullOrWhiteSpace(value) ? null : value.Trim(); }

    [Required(ErrorMessage = "Select the facilitator's role")]
    [EnumName(typeof(FacilitatorRole), ErrorMessage = "Select a role from the list")]
    public string? Role { get; set; }

    [Required(ErrorMessage = "Select the facilitator's infant massage training")]
    [EnumName(typeof(MassageTraining), ErrorMessage = "Select a type of training from the list")]
    public string? Training { get; set; }

    public FacilitatorRole ParsedRole => Enum.Parse<FacilitatorRole>(Role!);

    public MassageTraining ParsedTraining => Enum.Parse<MassageTraining>(Training!);
}

/// <summary>
/// An optional whole number between <paramref name="minimum"/> and <paramref name="maximum"/>, posted as text:
/// empty is valid, anything else must be digits (an optional minus sign) within the range.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class WholeNumberAttribute(int minimum, int maximum, string label, int example) : ValidationAttribute
{
    public int Minimum { get; } = minimum;

    public int Maximum { get; } = maximum;

    public string Label { get; } = label;

    public int Example { get; } = example;

    /// <summary>Added after the range in the message, such as "minutes".</summary>
    public string? Unit { get; set; }

    public static int? Parse(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : int.Parse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        var text = (value as string)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return ValidationResult.Success;
        }

        var members = validationContext.MemberName is { } member ? new[] { member } : null;
        var digits = text.StartsWith('-') ? text[1..] : text;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return new ValidationResult(
                string.Create(CultureInfo.InvariantCulture, $"{Label} must be a whole number, like {Example}"),
                members);
        }

        var inRange = int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && number >= Minimum && number <= Maximum;
        return inRange
            ? ValidationResult.Success
            : new ValidationResult(string.Create(CultureInfo.InvariantCulture, $"{Label} must be between {Minimum} and {Maximum}{(Unit is null ? "" : " " + Unit)}"), members);
    }
}

/// <summary>Valid when empty (leave that to Required) or exactly the name of one of the enum's values; numbers are refused.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EnumNameAttribute(Type enumType) : ValidationAttribute
{
    public Type EnumType { get; } = enumType;

    public override bool IsValid(object? value) =>
        value is not string text || text.Length == 0 || Enum.GetNames(EnumType).Contains(text, StringComparer.Ordinal);
}
