namespace InfantMassageAudit.Web.Components;

/// <summary>
/// ASP.NET Core's form reader refuses a whole url-encoded post holding "%00" (U+0000, which arrives when pasting from
/// some PDFs) with a bare 400, so the person never learns which field was wrong. This swaps each "%00" for "%1A"
/// (U+001A SUBSTITUTE, the control character meant for a character that cannot be represented) before the form is
/// read; same length, so nothing else changes. The field's own validation then refuses it with a message beside
/// the field, as it does every other control character (<see cref="Domain.Text.FreeText"/>).
/// </summary>
public sealed class FormNullCharacterMiddleware(RequestDelegate next)
{
    /// <summary>Larger forms are left alone: none of the service's forms comes near this.</summary>
    private const int MaxRewrittenLength = 4 * 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method)
            && request.ContentType is { } contentType
            && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            && request.ContentLength is > 0 and <= MaxRewrittenLength)
        {
            var body = new byte[request.ContentLength.Value];
            var read = 0;
            while (read < body.Length)
            {
                var count = await request.Body.ReadAsync(body.AsMemory(read), context.RequestAborted);
                if (count == 0)
                {
                    break;
                }

                read += count;
            }

            for (var i = 0; i + 2 < read; i++)
            {
                if (body[i] == '%' && body[i + 1] == '0' && body[i + 2] == '0')
                {
                    body[i + 1] = (byte)'1';
                    body[i + 2] = (byte)'A';
                }
            }

            request.Body = new MemoryStream(body, 0, read, writable: false);
        }

        await next(context);
    }
}
