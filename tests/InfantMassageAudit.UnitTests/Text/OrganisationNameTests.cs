using InfantMassageAudit.Domain.Programmes;
using InfantMassageAudit.Domain.Text;

namespace InfantMassageAudit.UnitTests.Text;

public sealed class OrganisationNameTests
{
    [Theory]
    [InlineData("St Mary's Trust")]
    [InlineData("ST MARY'S TRUST")]
    [InlineData("St Mary\u2019s Trust")]
    [InlineData("St Mary\u02BCs Trust")]
    [InlineData("St Mary\u2032s Trust")]
    [InlineData("St Mary\u00B4s Trust")]
    [InlineData("St Mary\uFF07s Trust")]
    [InlineData("  St   Mary's\tTrust  ")]
    [InlineData("St\u00A0Mary's\u2003Trust")]
    [InlineData("\uFF33t Mary's Trust")]
    [InlineData("St Mary's\u200B Trust")]
    [InlineData("St Mary's \u202ETrust")]
    public void Names_people_would_read_as_the_same_share_a_key(string name) =>
        Assert.Equal("st mary's trust", OrganisationName.Key(name));

    [Theory]
    [InlineData("\u201CBright Start\u201D Centres", "\"bright start\" centres")]
    [InlineData("\u2033Bright Start\u2033 Centres", "\"bright start\" centres")]
    [InlineData("\u02DDBright Start\u02DD Centres", "\"bright start\" centres")]
    [InlineData("\uFF02Bright Start\uFF02 Centres", "\"bright start\" centres")]
    [InlineData("North\u2013South Hubs", "north-south hubs")]
    [InlineData("North\u2011South Hubs", "north-south hubs")]
    [InlineData("North\uFE63South Hubs", "north-south hubs")]
    [InlineData("North\uFE31South Hubs", "north-south hubs")]
    [InlineData("Caf\u0065\u0301 Club", "caf\u00E9 club")]
    public void Quotes_dashes_and_composed_letters_are_folded(string name, string key) =>
        Assert.Equal(key, OrganisationName.Key(name));

    [Theory]
    [InlineData("St Mary's Trust", "St Marys Trust")]
    [InlineData("Northgate Hub", "Northgate Hubs")]
    [InlineData("North-South Hubs", "North South Hubs")]
    public void Names_that_differ_in_more_than_that_have_different_keys(string first, string second) =>
        Assert.NotEqual(OrganisationName.Key(first), OrganisationName.Key(second));

    [Fact]
    public void Renaming_an_organisation_keeps_its_key_in_step()
    {
        var organisation = new Organisation("Old name", OrganisationKind.Provider);

        organisation.Rename("New  NAME\u2019s");

        Assert.Equal("new name's", organisation.NameKey);
    }

    [Fact]
    public void An_organisation_name_with_a_control_character_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new Organisation("Bad\u0000name", OrganisationKind.Provider));
    }
}
