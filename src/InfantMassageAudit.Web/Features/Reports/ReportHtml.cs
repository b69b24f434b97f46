using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace InfantMassageAudit.Web.Features.Reports;

/// <summary>
/// Renders a report component to an HTML document string for Chromium (scoped: the renderer needs the
/// request's services). The print view serves the same component linking /css/report.css.
/// </summary>
public sealed class ReportHtml(IServiceProvider services, ILoggerFactory loggers, ReportStylesheet stylesheet)
{
    public string Stylesheet => stylesheet.Text;

    public async Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }
}

/// <summary>The report stylesheet's text, read once: Chromium is given it inline, since its page has no origin to fetch from.</summary>
public sealed class ReportStylesheet(IWebHostEnvironment environment)
{
    private readonly Lazy<string> _text = new(() =>
    {
        var file = environment.WebRootFileProvider.GetFileInfo("css/report.css");
        if (!file.Exists)
        {
            throw new InvalidOperationException("wwwroot/css/report.css is missing.");
        }

        using var reader = new StreamReader(file.CreateReadStream());
        return reader.ReadToEnd();
    });

    public string Text => _text.Value;
}
