namespace InfantMassageAudit.Web.Components;

/// <summary>One choice of a list filter: the value sent in the address and the words shown.</summary>
public sealed record FilterOption(string Value, string Text);
