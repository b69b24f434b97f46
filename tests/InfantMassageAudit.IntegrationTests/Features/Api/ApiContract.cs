using System.Net;
using System.Text.Json.Nodes;

namespace InfantMassageAudit.IntegrationTests.Features.Api;

/// <summary>
/// Checks a response against the committed OpenAPI document (docs/openapi-v1.json): the status code is one
/// the operation declares, the content type is the declared one, and the body has every required property
/// of its schema, with values of the declared types, all the way down (references, arrays and maps followed).
/// </summary>
internal static class ApiContract
{
    private static readonly Lazy<JsonNode> Document = new(() => JsonNode.Parse(File.ReadAllText(OpenApiDocumentTests.CommittedPath))!);

    public static async Task<JsonNode?> AssertMatchesAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var path = response.RequestMessage!.RequestUri!.AbsolutePath;
        var method = response.RequestMessage.Method.Method.ToLowerInvariant();
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        var operation = Document.Value["paths"]!.AsObject()
            .Where(p => Matches(p.Key, path))
            .Select(p => p.Value![method])
            .SingleOrDefault(o => o is not null);
        if (operation is null)
        {
            // Not a documented route (a guessed one): it must still answer with problem details.
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            return AssertProblem(response, body);
        }

        var declared = operation["responses"]![status];
        Assert.True(declared is not null, $"{method.ToUpperInvariant()} {path} answered {status}, which the document does not declare.");
        if (declared!["content"] is not JsonObject content)
        {
            Assert.Equal("", body);
            return null;
        }

        var (mediaType, media) = content.Single();
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var json = JsonNode.Parse(body);
        Check(media!["schema"]!, json, "$");
        return json;
    }

    /// <summary>Problem details as RFC 9457 has them: application/problem+json with a status and a title.</summary>
    public static JsonNode AssertProblem(HttpResponseMessage response, string body)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal((int)response.StatusCode, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
        return problem;
    }

    private static void Check(JsonNode schema, JsonNode? value, string where)
    {
        if (schema["$ref"] is { } reference)
        {
            var name = reference.GetValue<string>()["#/components/schemas/".Length..];
            Check(Document.Value["components"]!["schemas"]![name]!, value, where);
            return;
        }

        var types = schema["type"] switch
        {
            JsonArray many => many.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue one => [one.GetValue<string>()],
            _ => [],
        };
        if (value is null)
        {
            Assert.True(types.Count == 0 || types.Contains("null"), $"{where} is null, which the schema does not allow.");
            return;
        }

        var kind = value.GetValueKind();
        var actual = kind switch
        {
            System.Text.Json.JsonValueKind.Object => "object",
            System.Text.Json.JsonValueKind.Array => "array",
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.Number => value.ToJsonString().Contains('.', StringComparison.Ordinal) ? "number" : "integer",
            System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
            _ => "null",
        };
        Assert.True(types.Count == 0 || types.Contains(actual) || (actual == "integer" && types.Contains("number")),
            $"{where} is {actual}; the schema says {string.Join(" or ", types)}.");

        if (value is JsonObject obj)
        {
            foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
            {
                Assert.True(obj.ContainsKey(required), $"{where} lacks the required property {required}.");
            }

            foreach (var (name, property) in obj)
            {
                if (schema["properties"]?[name] is { } propertySchema)
                {
                    Check(propertySchema, property, where + "." + name);
                }
                else if (schema["additionalProperties"] is JsonObject additional)
                {
                    Check(additional, property, where + "." + name);
                }
            }
        }
        else if (value is JsonArray array && schema["items"] is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(items, array[i], $"{where}[{i}]");
            }
        }
    }

    /// <summary>"/api/v1/rounds/{id}" matches "/api/v1/rounds/7": a "{…}" segment matches any one segment.</summary>
    private static bool Matches(string template, string path)
    {
        var expected = template.Split('/');
        var actual = path.Split('/');
        return expected.Length == actual.Length
            && expected.Zip(actual).All(pair => pair.First.StartsWith('{') || string.Equals(pair.First, pair.Second, StringComparison.Ordinal));
    }
}
