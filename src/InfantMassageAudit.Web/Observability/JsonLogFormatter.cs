using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace InfantMassageAudit.Web.Observability;

/// <summary>
/// One JSON object per line, with the trace and span of the request that wrote it, so a log line and
/// its trace can be found from each other (docs/decisions/0011). ASP.NET Core's own JSON formatter
/// buries the trace id in a list of scopes; this one puts it at the top level, where log stores index it.
/// Email addresses are masked wherever they appear (message, values, exception): the service logs
/// none on purpose, and one that slips in through a library's message must not reach a log store.
/// </summary>
public sealed partial class JsonLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "audit-json";

    private const string EmailMask = "[email removed]";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping: a log line is never HTML, and "it's" reads better than "it\u0027s". Quotes and
        // control characters (a newline in a message, say) are still escaped, so each entry stays one line.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow);
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteString("category", logEntry.Category);
            json.WriteNumber("eventId", logEntry.EventId.Id);
            if (logEntry.EventId.Name is { Length: > 0 } eventName)
            {
                json.WriteString("eventName", eventName);
            }

            json.WriteString("message", Mask(message ?? ""));
            if (Activity.Current is { } activity)
            {
                json.WriteString("traceId", activity.TraceId.ToHexString());
                json.WriteString("spanId", activity.SpanId.ToHexString());
            }

            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", Mask(exception.ToString()));
            }

            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> values && values.Any(v => v.Key != "{OriginalFormat}"))
            {
                json.WriteStartObject("state");
                foreach (var (key, value) in values.Where(v => v.Key != "{OriginalFormat}"))
                {
                    WriteValue(json, key, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write(Environment.NewLine);
    }

    private static void WriteValue(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(key);
                break;
            case bool flag:
                json.WriteBoolean(key, flag);
                break;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                json.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double or float or decimal:
                json.WriteNumber(key, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteString(key, Mask(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
                break;
        }
    }

    internal static string Mask(string text) => EmailAddress().Replace(text, EmailMask);

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+")]
    private static partial Regex EmailAddress();
}
