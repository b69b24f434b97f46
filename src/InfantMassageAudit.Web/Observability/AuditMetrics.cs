using System.Diagnostics;
using System.Diagnostics.Metrics;
using InfantMassageAudit.Domain.Audits;

namespace InfantMassageAudit.Web.Observability;

/// <summary>
/// The service's own measurements (docs/decisions/0011), on one meter that the OpenTelemetry set-up
/// listens to. Names follow OpenTelemetry's conventions: dotted, lower case, units in UCUM. Nothing
/// here carries a person, a programme or an evidence note: only counts, durations and kinds.
/// </summary>
public sealed class AuditMetrics
{
    public const string MeterName = "InfantMassageAudit";

    private readonly Counter<long> _ratingsSaved;
    private readonly Histogram<double> _pdfRenderDuration;
    private readonly UpDownCounter<long> _pdfRendersWaiting;
    private readonly UpDownCounter<long> _pdfRendersActive;
    private readonly UpDownCounter<long> _circuitsOpen;
    private readonly Counter<long> _reportsServed;

    public AuditMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _ratingsSaved = meter.CreateCounter<long>(
            "audit.ratings.saved", unit: "{rating}", description: "Mechanism ratings changed and saved by an assessor (a save that changes nothing counts nothing)");
        _pdfRenderDuration = meter.CreateHistogram<double>(
            "audit.pdf.render.duration", unit: "s", description: "Time Chromium took to print a PDF report, from taking a page of the pool to the finished file (queueing excluded)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] });
        _pdfRendersWaiting = meter.CreateUpDownCounter<long>(
            "audit.pdf.renders.waiting", unit: "{render}", description: "PDF reports queued for a free page of the renderer's pool (Pdf:MaxConcurrency)");
        _pdfRendersActive = meter.CreateUpDownCounter<long>(
            "audit.pdf.renders.active", unit: "{render}", description: "PDF reports being printed now: pages of the renderer's pool in use");
        _circuitsOpen = meter.CreateUpDownCounter<long>(
            "audit.circuits.open", unit: "{circuit}", description: "Open interactive Blazor Server circuits (live pages), counted by OpenCircuitsHandler");
        _reportsServed = meter.CreateCounter<long>(
            "audit.reports.served", unit: "{report}", description: "PDF reports answered, by how: rendered (not cached or out of date), cached (the stored PDF) or not_modified (304 to If-None-Match)");
    }

    public void RatingsSaved(int count, AssessmentKind kind)
    {
        if (count > 0)
        {
            _ratingsSaved.Add(count, new KeyValuePair<string, object?>("audit.assessment.kind", kind.ToString()));
        }
    }

    /// <summary>A PDF report answered: "rendered", "cached" or "not_modified" (docs/decisions/0017).</summary>
    public void ReportServed(string kind, string outcome) =>
        _reportsServed.Add(1, new KeyValuePair<string, object?>("audit.report.kind", kind), new KeyValuePair<string, object?>("audit.report.cache", outcome));

    /// <summary>Call before waiting for a page of the pool; dispose when the render is over, however it ended.</summary>
    public PdfRenderMeasurement PdfRenderQueued() => new(this);

    internal void CircuitOpened() => _circuitsOpen.Add(1);

    internal void CircuitClosed() => _circuitsOpen.Add(-1);

    /// <summary>One PDF's way through the renderer's queue and pool.</summary>
    public sealed class PdfRenderMeasurement : IDisposable
    {
        private readonly AuditMetrics _metrics;
        private long _startedAt;
        private bool _started;
        private bool _rendered;
        private bool _disposed;

        internal PdfRenderMeasurement(AuditMetrics metrics)
        {
            _metrics = metrics;
            _metrics._pdfRendersWaiting.Add(1);
        }

        /// <summary>A page of the pool is this render's: it stops waiting and starts printing.</summary>
        public void Started()
        {
            if (_started || _disposed)
            {
                return;
            }

            _started = true;
            _metrics._pdfRendersWaiting.Add(-1);
            _metrics._pdfRendersActive.Add(1);
            _startedAt = Stopwatch.GetTimestamp();
        }

        /// <summary>Marks the render as successful and hands its file straight back.</summary>
        public byte[] Rendered(byte[] pdf)
        {
            _rendered = true;
            return pdf;
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (!_started)
            {
                // Gave up (time-out or cancelled) while still in the queue: it never printed, so no duration.
                _metrics._pdfRendersWaiting.Add(-1);
                return;
            }

            _metrics._pdfRendersActive.Add(-1);
            _metrics._pdfRenderDuration.Record(
                Stopwatch.GetElapsedTime(_startedAt).TotalSeconds,
                new KeyValuePair<string, object?>("audit.pdf.outcome", _rendered ? "rendered" : "failed"));
        }
    }
}
