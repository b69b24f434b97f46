namespace InfantMassageAudit.Domain.Programmes;

/// <summary>
/// A commissioning body (a local authority's public health team) or a provider that runs
/// programmes. Access rules will hang off this: a facilitator sees only their provider's work.
/// </summary>
public sealed class Organisation
{
    public const int MaxNameLength = 200;

    private Organisation()
    {
        Name = string.Empty;
    }

    public Organisation(string name, OrganisationKind kind)
    {
        Name = Require.Text(name, MaxNameLength, nameof(name));
        Kind = kind;
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public OrganisationKind Kind { get; private set; }

    public void Rename(string name) => Name = Require.Text(name, MaxNameLength, nameof(name));
}

public enum OrganisationKind
{
    Commissioner,
    Provider,
}
