using InfantMassageAudit.Domain.Text;

namespace InfantMassageAudit.UnitTests.Text;

public sealed class FreeTextTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Plain words, with punctuation: ‘quotes’ and – dashes.")]
    [InlineData("Tab\tseparated")]
    [InlineData("Two\nlines")]
    [InlineData("Two\r\nlines, as a browser sends a text area")]
    [InlineData("Right-to-left override \u202E is text, shown isolated")]
    [InlineData("Zero\u200Bwidth space and emoji 👶")]
    public void Ordinary_text_is_acceptable(string? text)
    {
        Assert.True(FreeText.IsAcceptable(text));
        Assert.Null(FreeText.Problem(text, "The note"));
    }

    [Theory]
    [InlineData("Pasted\u0000from a PDF", 6)]
    [InlineData("\u0001", 0)]
    [InlineData("bell\u0007", 4)]
    [InlineData("escape\u001B[2J", 6)]
    [InlineData("substitute\u001A", 10)]
    [InlineData("delete\u007F", 6)]
    [InlineData("C1 next line\u0085", 12)]
    [InlineData("lone\rreturn", 4)]
    [InlineData("ends with a return\r", 18)]
    [InlineData("form\ffeed", 4)]
    public void Control_characters_other_than_tab_newline_and_crlf_are_refused(string text, int index)
    {
        Assert.Equal((text[index], index), FreeText.FirstRefused(text));
        Assert.StartsWith("The note contains a hidden control character", FreeText.Problem(text, "The note"), StringComparison.Ordinal);
    }
}
