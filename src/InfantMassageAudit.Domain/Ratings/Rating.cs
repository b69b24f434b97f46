namespace InfantMassageAudit.Domain.Ratings;

/// <summary>
/// How far a mechanism is present in a programme. The values are ordered No &lt; Variable &lt; Yes
/// (the order weighted agreement statistics use); NotAssessed sits outside that scale and is
/// never the same thing as No.
/// </summary>
public enum Rating
{
    NotAssessed = 0,
    No = 1,
    Variable = 2,
    Yes = 3,
}

public static class RatingText
{
    /// <summary>The letter used in the paper's Table 1 (Y, V, N); a dash for not assessed.</summary>
    public static string Letter(this Rating rating) => rating switch
    {
        Rating.Yes => "Y",
        Rating.Variable => "V",
        Rating.No => "N",
        Rating.NotAssessed => "–",
        _ => throw new ArgumentOutOfRangeException(nameof(rating), rating, null),
    };

    /// <summary>A rating, or "Not rated yet" when none has been chosen (which is not Not assessed).</summary>
    public static string DisplayName(this Rating? rating) => rating is { } chosen ? chosen.DisplayName() : NotRatedYet;

    public const string NotRatedYet = "Not rated yet";

    /// <summary>The rating's name in machine-readable output (exports, the API): "Yes" … "NotAssessed", or "NotRatedYet".</summary>
    public static string Code(this Rating? rating) => rating?.ToString() ?? "NotRatedYet";

    public static string DisplayName(this Rating rating) => rating switch
    {
        Rating.Yes => "Yes",
        Rating.Variable => "Variable",
        Rating.No => "No",
        Rating.NotAssessed => "Not assessed",
        _ => throw new ArgumentOutOfRangeException(nameof(rating), rating, null),
    };

    /// <summary>What the rating means, as the paper defines it.</summary>
    public static string Meaning(this Rating rating) => rating switch
    {
        Rating.Yes => "present",
        Rating.Variable => "variable: present in some sessions or only partly",
        Rating.No => "absent",
        Rating.NotAssessed => "not assessed",
        _ => throw new ArgumentOutOfRangeException(nameof(rating), rating, null),
    };

    /// <summary>Reads Table 1's letters; an empty cell means the source gives no rating.</summary>
    public static bool TryParseLetter(string? letter, out Rating rating)
    {
        rating = (letter ?? string.Empty).Trim() switch
        {
            "Y" => Rating.Yes,
            "V" => Rating.Variable,
            "N" => Rating.No,
            "" => Rating.NotAssessed,
            _ => (Rating)(-1),
        };
        return Enum.IsDefined(rating);
    }
}
