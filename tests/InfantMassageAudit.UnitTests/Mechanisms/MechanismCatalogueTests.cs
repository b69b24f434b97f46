using InfantMassageAudit.Domain.Mechanisms;

namespace InfantMassageAudit.UnitTests.Mechanisms;

public sealed class MechanismCatalogueTests
{
    // The short names exactly as Table 1 of Underdown and Barlow (2011) prints them (M15 added from theory).
    public static TheoryData<int, string, MechanismGroup> Table1Names => new()
    {
        { 1, "Personal invitations", MechanismGroup.ReachingFamilies },
        { 2, "'Inviter' facilitates group", MechanismGroup.ReachingFamilies },
        { 3, "Consistent facilitator", MechanismGroup.Facilitation },
        { 4, "Setting meets physical needs", MechanismGroup.SettingAndGroup },
        { 5, "Containing atmosphere affirms mothers and infants", MechanismGroup.SettingAndGroup },
        { 6, "Learning massage strokes", MechanismGroup.Content },
        { 7, "Optimum group size (four to eight dyads)", MechanismGroup.SettingAndGroup },
        { 8, "Provision for social engagement", MechanismGroup.SettingAndGroup },
        { 9, "Facilitator has necessary technical skills", MechanismGroup.Facilitation },
        { 10, "Facilitator has necessary personal qualities", MechanismGroup.Facilitation },
        { 11, "Facilitator models sensitive interactions with doll", MechanismGroup.Content },
        { 12, "Teaching about infant states", MechanismGroup.Content },
        { 13, "Teaching about infant cues", MechanismGroup.Content },
        { 14, "Use of singing within group", MechanismGroup.Content },
        { 15, "Encouraging 'reflective function'", MechanismGroup.Content },
    };

    [Theory]
    [MemberData(nameof(Table1Names))]
    public void Each_mechanism_has_its_table1_name_and_group(int number, string shortName, MechanismGroup group)
    {
        var mechanism = MechanismCatalogue.Get(new MechanismId(number));

        Assert.Equal($"M{number}", mechanism.Code);
        Assert.Equal(shortName, mechanism.ShortName);
        Assert.Equal(group, mechanism.Group);
    }

    [Fact]
    public void The_catalogue_holds_M1_to_M15_in_order()
    {
        Assert.Equal(Enumerable.Range(1, 15), MechanismCatalogue.All.Select(m => m.Id.Number));
    }

    [Fact]
    public void Every_mechanism_carries_reviewer_guidance()
    {
        Assert.All(MechanismCatalogue.All, m =>
        {
            Assert.False(string.IsNullOrWhiteSpace(m.WhatItIs), $"{m.Code} what it is");
            Assert.False(string.IsNullOrWhiteSpace(m.LookFor), $"{m.Code} look for");
            Assert.False(string.IsNullOrWhiteSpace(m.SeenGoingWrong), $"{m.Code} seen going wrong");
        });
    }

    [Fact]
    public void M4_lists_the_five_parts_of_a_welcoming_setting_and_no_other_mechanism_has_parts()
    {
        var m4 = MechanismCatalogue.Get(new MechanismId(4));

        Assert.Equal(
            ["easy-to-find", "warm", "not-crowded", "buggies-allowed", "greeted-at-door"],
            m4.Components.Select(c => c.Key));
        Assert.All(MechanismCatalogue.All.Where(m => m.Id.Number != 4), m => Assert.Empty(m.Components));
        Assert.Equal(m4.Components, MechanismCatalogue.ComponentsOf(m4.Id));
    }
}
