using System.Text.RegularExpressions;

namespace EnergyChain.Vm.Tests;

/// <summary>
/// Every node must reach the same result from the same program: the VM may not reach for floating point, clocks,
/// randomness, the environment or hash-ordered dictionaries. A cheap source scan catches the obvious slips.
/// </summary>
public sealed partial class DeterminismGuardTests
{
    [GeneratedRegex(@"\b(double|float|decimal)\b|\bRandom\b|DateTime|Stopwatch|TimeProvider|Environment\.|\bDictionary<|\bHashSet<")]
    private static partial Regex Forbidden();

    [Fact]
    public void Vm_code_uses_no_float_clock_random_or_hash_order()
    {
        var vm = Path.Combine(RepositoryRoot(), "contracts-vm", "EnergyChain.Vm");
        var violations = new List<string>();
        var scanned = 0;
        foreach (var folder in new[] { "Bytecode", "Verification", "Execution", "Host" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(vm, folder), "*.cs", SearchOption.AllDirectories))
            {
                scanned++;
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    var code = lines[i].Split("//")[0];
                    if (Forbidden().IsMatch(code))
                    {
                        violations.Add($"{Path.GetRelativePath(vm, file)}:{i + 1}: {lines[i].Trim()}");
                    }
                }
            }
        }

        Assert.True(scanned > 10, $"only {scanned} files scanned: wrong root?");
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void The_vm_project_references_nothing()
    {
        var csproj = File.ReadAllText(Path.Combine(RepositoryRoot(), "contracts-vm", "EnergyChain.Vm", "EnergyChain.Vm.csproj"));
        Assert.DoesNotContain("ProjectReference", csproj, StringComparison.Ordinal);
        Assert.DoesNotContain("PackageReference", csproj, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EnergyChain.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
