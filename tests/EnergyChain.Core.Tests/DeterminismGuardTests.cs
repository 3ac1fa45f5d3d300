using System.Text.RegularExpressions;

namespace EnergyChain.Core.Tests;

/// <summary>
/// The consensus-critical folders of Core must not reach for floating point, the wall clock or unseeded
/// randomness (docs/core.md, DESIGN.md section 5). A cheap source scan catches the obvious slips in review.
/// </summary>
public sealed partial class DeterminismGuardTests
{
    private static readonly string[] ConsensusFolders = ["Codec", "Blocks", "Transactions", "State", "Execution", "Chain"];

    [GeneratedRegex(@"\b(double|float|decimal)\b|new Random\b|Random\.Shared|DateTime(Offset)?\.(Utc)?Now|Environment\.TickCount|Stopwatch")]
    private static partial Regex Forbidden();

    [Fact]
    public void Consensus_code_uses_no_float_clock_or_random()
    {
        var core = Path.Combine(RepositoryRoot(), "node", "EnergyChain.Core");
        var violations = new List<string>();
        var scanned = 0;
        foreach (var folder in ConsensusFolders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(core, folder), "*.cs", SearchOption.AllDirectories))
            {
                scanned++;
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    var code = lines[i].Split("//")[0];
                    if (Forbidden().IsMatch(code))
                    {
                        violations.Add($"{Path.GetRelativePath(core, file)}:{i + 1}: {lines[i].Trim()}");
                    }
                }
            }
        }

        Assert.True(scanned > 10, $"only {scanned} files scanned: wrong root?");
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void The_guard_catches_what_it_is_meant_to()
    {
        Assert.Matches(Forbidden(), "var ratio = (double)a / b;");
        Assert.Matches(Forbidden(), "var now = DateTime.UtcNow;");
        Assert.Matches(Forbidden(), "var r = new Random();");
        Assert.DoesNotMatch(Forbidden(), "RandomNumberGenerator.Fill(secret);");
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

        throw new InvalidOperationException("EnergyChain.sln not found above the test directory");
    }
}
