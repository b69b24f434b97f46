using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace InfantMassageAudit.IntegrationTests.Infrastructure;

/// <summary>
/// Reads pages and submits their forms as a browser without JavaScript would: every field the form
/// holds (hidden antiforgery token included) is sent, with the test's values laid over it.
/// </summary>
public static class HtmlClient
{
    public static HttpClient CreateBrowserlikeClient(this AuditAppFactory factory, bool followRedirects = true) =>
        factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = followRedirects,
            HandleCookies = true,
        });

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode}");
        return await response.ReadDocumentAsync();
    }

    /// <summary>Parses the body, keeping the request's address so forms without an action post back to it.</summary>
    public static async Task<IHtmlDocument> ReadDocumentAsync(this HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var address = response.RequestMessage?.RequestUri?.ToString() ?? "http://localhost/";
        var document = await BrowsingContext.New().OpenAsync(r => r.Content(html).Address(address), TestContext.Current.CancellationToken);
        return (IHtmlDocument)document;
    }

    /// <summary>The form's current values: what a browser would send if the user changed nothing.</summary>
    public static List<KeyValuePair<string, string>> FormValues(IElement form)
    {
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.QuerySelectorAll("input, textarea, select"))
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled"))
            {
                continue;
            }

            switch (element)
            {
                case IHtmlInputElement { Type: "radio" or "checkbox" } box when box.IsChecked:
                    values.Add(new(name, box.Value));
                    break;
                case IHtmlInputElement { Type: "radio" or "checkbox" or "submit" or "button" }:
                    break;
                case IHtmlInputElement input:
                    values.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement textArea:
                    values.Add(new(name, textArea.Value));
                    break;
                case IHtmlSelectElement select:
                    var chosen = select.SelectedOptions.Length > 0 ? select.SelectedOptions[0] : select.Options.Length > 0 ? select.Options[0] : null;
                    values.Add(new(name, chosen?.Value ?? ""));
                    break;
            }
        }

        return values;
    }

    /// <summary>
    /// Posts the form matched by <paramref name="formSelector"/>. Each entry of <paramref name="values"/>
    /// replaces every field of that name (a null value removes the field); <paramref name="submitter"/>
    /// names a button whose name=value is sent, as clicking it would.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(
        this HttpClient client,
        IHtmlDocument page,
        string formSelector,
        IReadOnlyDictionary<string, string?>? values = null,
        string? submitter = null)
    {
        var form = page.QuerySelector(formSelector) ?? throw new InvalidOperationException($"No form matches '{formSelector}'.");
        var fields = FormValues(form);
        foreach (var (name, value) in values ?? new Dictionary<string, string?>())
        {
            fields.RemoveAll(f => f.Key == name);
            if (value is not null)
            {
                fields.Add(new(name, value));
            }
        }

        if (submitter is not null)
        {
            var button = form.QuerySelector(submitter) ?? throw new InvalidOperationException($"No button matches '{submitter}'.");
            if (button.GetAttribute("name") is { Length: > 0 } buttonName)
            {
                fields.Add(new(buttonName, button.GetAttribute("value") ?? ""));
            }
        }

        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? page.Url : action;
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(ToRelative(target), content, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts raw fields, for requests no honest form would make.</summary>
    public static async Task<HttpResponseMessage> PostFieldsAsync(this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(url, content, TestContext.Current.CancellationToken);
    }

    public static string AntiforgeryToken(IHtmlDocument page) =>
        page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException("The page holds no antiforgery token.");

    private static string ToRelative(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute.PathAndQuery
            : url;
}
