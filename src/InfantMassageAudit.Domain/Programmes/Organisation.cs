using InfantMassageAudit.Domain.Text;

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
        NameKey = string.Empty;
    }

    public Organisation(string name, OrganisationKind kind)
    {
        Name = Require.Text(name, MaxNameLength, nameof(name));
        NameKey = OrganisationName.Key(Name);
        Kind = kind;
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>
    /// <see cref="OrganisationName.Key"/> of the name, unique in the database, so that two organisations cannot
    /// differ only by a curly apostrophe, case or spacing.
    /// </summary>
    public string NameKey { get; private set; }

    public OrganisationKind Kind { get; private set; }

    public void Rename(string name)
    {
        Name = Require.Text(name, MaxNameLength, nameof(name));
        NameKey = OrganisationName.Key(Name);
    }
}

public enum OrganisationKind
{
    Commissioner,
    Provider,
}
