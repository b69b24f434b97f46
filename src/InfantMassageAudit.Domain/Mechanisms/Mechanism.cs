namespace InfantMassageAudit.Domain.Mechanisms;

/// <summary>
/// A mechanism of change from Underdown and Barlow (2011), with the guidance a reviewer reads
/// while rating it. The guidance is our paraphrase of the paper, not a quotation.
/// </summary>
/// <param name="ShortName">Exactly as in the paper's Table 1.</param>
/// <param name="WhatItIs">What the mechanism is and why it matters.</param>
/// <param name="LookFor">What a reviewer should look for when rating it.</param>
/// <param name="SeenGoingWrong">What the paper saw go wrong where it was absent.</param>
/// <param name="Components">Named parts, where the paper gives them (M4); empty otherwise.</param>
public sealed record Mechanism(
    MechanismId Id,
    string ShortName,
    MechanismGroup Group,
    string WhatItIs,
    string LookFor,
    string SeenGoingWrong,
    IReadOnlyList<MechanismComponent> Components)
{
    public string Code => Id.Code;
}

/// <summary>A named part of a composite mechanism, such as M4's "warm enough".</summary>
/// <param name="Key">Stable identifier used in storage and forms, e.g. "warm".</param>
public sealed record MechanismComponent(string Key, string Name);

public enum MechanismGroup
{
    ReachingFamilies,
    Facilitation,
    SettingAndGroup,
    Content,
}

public static class MechanismGroupNames
{
    public static string DisplayName(this MechanismGroup group) => group switch
    {
        MechanismGroup.ReachingFamilies => "Reaching families",
        MechanismGroup.Facilitation => "Facilitation",
        MechanismGroup.SettingAndGroup => "Setting and group",
        MechanismGroup.Content => "Content",
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, null),
    };
}
