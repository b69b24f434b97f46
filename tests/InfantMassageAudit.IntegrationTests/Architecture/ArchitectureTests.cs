using System.Reflection;
using InfantMassageAudit.Domain.Ratings;
using NetArchTest.Rules;

namespace InfantMassageAudit.IntegrationTests.Architecture;

/// <summary>
/// The project's shape, checked on the compiled assemblies: the domain is plain C# (the base library only), and the
/// Web project's shared folders (Components, Data, Security, Observability) never depend on a feature, so a feature
/// can change or go without touching them. Features may use each other and the shared folders.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Domain = typeof(Rating).Assembly;
    private static readonly Assembly Web = typeof(Program).Assembly;

    private static readonly string[] SharedFolders =
    [
        "InfantMassageAudit.Web.Components",
        "InfantMassageAudit.Web.Data",
        "InfantMassageAudit.Web.Security",
        "InfantMassageAudit.Web.Observability",
    ];

    [Fact]
    public void The_domain_references_only_the_base_library()
    {
        var others = Domain.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => name is not ("System.Runtime" or "netstandard" or "System.Private.CoreLib") && !name.StartsWith("System.", StringComparison.Ordinal))
            .ToList();

        Assert.True(others.Count == 0, "The domain references " + string.Join(", ", others));
        Assert.Contains(Domain.GetReferencedAssemblies(), a => a.Name == "System.Runtime"); // the check read something
    }

    [Fact]
    public void The_domain_uses_no_framework_beyond_the_base_library()
    {
        var result = Types.InAssembly(Domain).ShouldNot()
            .HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Microsoft.Extensions", "Npgsql", "System.Net.Http", "InfantMassageAudit.Web")
            .GetResult();

        Assert.True(result.IsSuccessful, "Domain types using a framework: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Shared_folders_never_depend_on_a_feature()
    {
        var failures = new List<string>();
        foreach (var folder in SharedFolders)
        {
            var types = Types.InAssembly(Web).That().ResideInNamespace(folder);
            Assert.NotEmpty(types.GetTypes()); // a renamed folder must not make the rule pass by matching nothing
            var result = types.ShouldNot().HaveDependencyOn("InfantMassageAudit.Web.Features").GetResult();
            failures.AddRange(result.FailingTypeNames ?? []);
        }

        Assert.True(failures.Count == 0, "Shared code depending on a feature: " + string.Join(", ", failures.Distinct()));
    }

    [Fact]
    public void The_rule_finds_a_dependency_on_a_feature_where_there_is_one()
    {
        // Program (the host's composition root) registers every feature: if the rule could not see that, it could see nothing.
        var result = Types.InAssembly(Web).That().HaveName(nameof(Program)).ShouldNot().HaveDependencyOn("InfantMassageAudit.Web.Features").GetResult();

        Assert.False(result.IsSuccessful);
    }
}
