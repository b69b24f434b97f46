using InfantMassageAudit.Web.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InfantMassageAudit.Web.Observability;

/// <summary>How every health endpoint answers.</summary>
public static class HealthResponse
{
    /// <summary>
    /// "Healthy", "Degraded" or "Unhealthy" for anyone (a load balancer, a monitor); what each check found, such as
    /// the Chromium path, for administrators only: paths and the browser's state tell an attacker about the host.
    /// </summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (!context.User.IsInRole(AuditRoles.Administrator))
        {
            return context.Response.WriteAsync(report.Status.ToString());
        }

        var details = string.Join("; ", report.Entries.Select(e => e.Value.Description ?? $"{e.Key}: {e.Value.Status}"));
        return context.Response.WriteAsync($"{report.Status}: {details}");
    }
}
