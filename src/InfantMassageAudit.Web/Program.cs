using InfantMassageAudit.Web.Components;
using InfantMassageAudit.Web.Data;
using InfantMassageAudit.Web.Features.Comparison;
using InfantMassageAudit.Web.Features.Programmes;
using InfantMassageAudit.Web.Features.Rounds;
using InfantMassageAudit.Web.Features.Scoring;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents();
builder.Services.AddAuditDatabase(builder.Configuration, builder.Environment);
builder.Services.AddHealthChecks().AddDbContextCheck<AuditDbContext>("database");
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<ComparisonService>();
builder.Services.AddScoped<ProgrammesService>();
builder.Services.AddScoped<RoundsService>();
builder.Services.AddScoped<ScoringService>();

// Containers lose their file system on restart; keep the keys that protect cookies and antiforgery tokens.
if (builder.Configuration["DataProtection:KeysPath"] is { Length: > 0 } keysPath)
{
    builder.Services.AddDataProtection()
        .SetApplicationName("InfantMassageAudit")
        .PersistKeysToFileSystem(new DirectoryInfo(keysPath));
}

var app = builder.Build();

await app.InitialiseDatabaseAsync();

if (!app.Environment.IsDevelopment())
{
    // Users see the service's own error page, never exception details.
    app.UseExceptionHandler("/error/500", createScopeForErrors: true);
    app.UseHsts();
}

// Bodyless 4xx/5xx answers (unknown ids, a missing antiforgery token) get the NHS-styled page for their code.
app.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true);
app.Use((context, next) =>
{
    // Re-execution replays the failed request's method. An error page is for reading, whatever failed
    // (a form post without its antiforgery token, say), so it is rendered as a GET.
    if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null)
    {
        context.Request.Method = HttpMethods.Get;
    }

    return next(context);
});
app.UseAntiforgery();
app.MapStaticAssets();
app.MapHealthChecks("/health");
app.MapScoringEndpoints();
app.MapRazorComponents<App>();

await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
