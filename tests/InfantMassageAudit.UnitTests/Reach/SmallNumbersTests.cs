using InfantMassageAudit.Domain.Reach;

namespace InfantMassageAudit.UnitTests.Reach;

public sealed class SmallNumbersTests
{
    [Theory]
    [InlineData(0, Disclosure.Shown, "0")]
    [InlineData(1, Disclosure.FewerThanFive, "fewer than 5")]
    [InlineData(4, Disclosure.FewerThanFive, "fewer than 5")]
    [InlineData(5, Disclosure.Shown, "5")]
    [InlineData(1234, Disclosure.Shown, "1234")]
    public void Counts_of_one_to_four_show_as_fewer_than_five(int count, Disclosure expected, string text)
    {
        var disclosed = SmallNumbers.Disclose(count);

        Assert.Equal(expected, disclosed.Disclosure);
        Assert.Equal(text, disclosed.Text);
        Assert.Equal(expected == Disclosure.Shown ? count : null, disclosed.ShownValue);
    }

    [Fact]
    public void A_negative_count_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SmallNumbers.Disclose(-1));

    [Fact]
    public void One_small_part_beside_a_shown_total_takes_the_smallest_other_part_with_it()
    {
        // Routes 3, 0, 10, 20 of 33: with 3 hidden alone, 33 − 0 − 10 − 20 would give it away.
        var (total, parts) = SmallNumbers.DisclosePartition(33, [3, 0, 10, 20]);

        Assert.Equal(Disclosure.Shown, total.Disclosure);
        Assert.Equal([Disclosure.FewerThanFive, Disclosure.Shown, Disclosure.Withheld, Disclosure.Shown], parts.Select(p => p.Disclosure));
        Assert.Equal("withheld", parts[2].Text);
    }

    [Fact]
    public void Two_small_parts_whose_sum_pins_them_take_another_part_with_them()
    {
        // 4 and 4 hidden in 28 with 20 shown: the hidden pair adds to 8, which only 4 + 4 can make.
        var (total, parts) = SmallNumbers.DisclosePartition(28, [4, 4, 20]);

        Assert.True(total.IsShown);
        Assert.Equal([Disclosure.FewerThanFive, Disclosure.FewerThanFive, Disclosure.Withheld], parts.Select(p => p.Disclosure));

        // And 1 + 1 = 2 likewise.
        var (_, ones) = SmallNumbers.DisclosePartition(12, [1, 1, 10]);
        Assert.Equal(Disclosure.Withheld, ones[2].Disclosure);
    }

    [Fact]
    public void Two_small_parts_whose_sum_does_not_pin_them_are_left_as_they_are()
    {
        var (total, parts) = SmallNumbers.DisclosePartition(5, [2, 3, 0]);

        Assert.True(total.IsShown);
        Assert.Equal([Disclosure.FewerThanFive, Disclosure.FewerThanFive, Disclosure.Shown], parts.Select(p => p.Disclosure));
    }

    [Fact]
    public void When_a_withheld_part_would_still_give_the_small_one_away_the_total_is_withheld()
    {
        // 1 and 5 of 6: hiding both, the reader knows one is 1–4 and the other 5 or more, adding to 6: only 1 + 5.
        var (total, parts) = SmallNumbers.DisclosePartition(6, [1, 5]);

        Assert.Equal(Disclosure.Withheld, total.Disclosure);
        Assert.Equal([Disclosure.FewerThanFive, Disclosure.Withheld], parts.Select(p => p.Disclosure));
    }

    [Fact]
    public void A_withheld_part_that_leaves_a_range_is_enough()
    {
        // 3 and 5 of 8: the small one is 1–3, the other 5–7.
        var (total, parts) = SmallNumbers.DisclosePartition(8, [3, 5]);

        Assert.True(total.IsShown);
        Assert.Equal([Disclosure.FewerThanFive, Disclosure.Withheld], parts.Select(p => p.Disclosure));
    }

    [Fact]
    public void A_small_total_is_itself_fewer_than_five_and_nothing_is_recoverable()
    {
        var (total, parts) = SmallNumbers.DisclosePartition(3, [3, 0]);

        Assert.Equal(Disclosure.FewerThanFive, total.Disclosure);
        Assert.Equal([Disclosure.FewerThanFive, Disclosure.Shown], parts.Select(p => p.Disclosure));
    }

    [Fact]
    public void Parts_with_no_small_numbers_are_all_shown()
    {
        var (total, parts) = SmallNumbers.DisclosePartition(30, [10, 20, 0]);

        Assert.True(total.IsShown);
        Assert.All(parts, p => Assert.True(p.IsShown));
    }

    [Fact]
    public void Parts_that_do_not_add_up_to_the_total_are_refused() =>
        Assert.Throws<ArgumentException>(() => SmallNumbers.DisclosePartition(10, [3, 4]));
}
