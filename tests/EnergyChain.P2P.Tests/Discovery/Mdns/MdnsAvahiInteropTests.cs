using Xunit.Abstractions;

namespace EnergyChain.P2P.Tests.Discovery.Mdns;

/// <summary>
/// Interop with Avahi, the reference mDNS/DNS-SD implementation on Linux, inside ../shared/tools/mdns-sandbox.sh.
/// Where the sandbox cannot run (script missing, not root, no network namespaces: exit 77) each test returns
/// early and says so in its output; xunit 2 has no runtime skip.
/// </summary>
public sealed class MdnsAvahiInteropTests(ITestOutputHelper output)
{
    private const string Key = "02" + "7b1f3c9a00112233445566778899aabbccddeeff00112233445566778899aabb";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Avahi_browse_resolves_our_responder()
    {
        // $4 is the instance name; the child gets 60 s at most and is stopped (goodbye) when avahi-browse is done.
        const string Script = """
            set -u
            "$1" "$2" respond --interface 127.0.0.1 --name "$4" --host ecnode-interop --port 4242 --address 127.0.0.1 \
              --txt v=1 --txt chain=energychain-interop --txt "key=$5" --seconds 60 --ready-file "$3/ready" >"$3/child.out" 2>&1 &
            pid=$!
            for _ in $(seq 300); do [ -f "$3/ready" ] && break; sleep 0.1; done
            timeout 20 avahi-browse -rtp _energychain._tcp
            rc=$?
            kill $pid 2>/dev/null; wait $pid
            echo "--- child"; cat "$3/child.out"
            exit $rc
            """;
        var result = await RunAsync(Script, "EC Node A", Key);
        if (result is null)
        {
            return;
        }

        var resolved = result.Value.Stdout.Split('\n').Where(l => l.StartsWith("=;", StringComparison.Ordinal)).Select(l => l.Split(';')).ToList();
        var fields = Assert.Single(resolved);
        // =;interface;protocol;name;type;domain;host;address;port;txt
        Assert.Equal(["lo", "IPv4", "EC\\032Node\\032A", "_energychain._tcp", "local", "ecnode-interop.local", "127.0.0.1", "4242"], fields[1..9]);
        Assert.Contains("\"v=1\"", fields[9], StringComparison.Ordinal);
        Assert.Contains("\"chain=energychain-interop\"", fields[9], StringComparison.Ordinal);
        Assert.Contains($"\"key={Key}\"", fields[9], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_browser_finds_a_service_published_by_avahi()
    {
        const string Script = """
            set -u
            avahi-publish -s "$4" _energychain._tcp 4343 v=1 chain=energychain-interop "key=$5" >"$3/publish.out" 2>&1 &
            pid=$!
            for _ in $(seq 100); do grep -q Established "$3/publish.out" && break; sleep 0.1; done
            timeout 30 "$1" "$2" browse --interface 127.0.0.1 --seconds 5
            rc=$?
            kill $pid 2>/dev/null; wait $pid
            echo "--- avahi-publish"; cat "$3/publish.out"
            exit $rc
            """;
        var result = await RunAsync(Script, "Avahi Node B", Key);
        if (result is null)
        {
            return;
        }

        var found = result.Value.Stdout.Split('\n').Where(l => l.StartsWith("found\t", StringComparison.Ordinal)).Select(l => l.Split('\t')).ToList();
        var fields = Assert.Single(found);
        // found, instance, host, port, addresses, txt
        Assert.Equal("Avahi Node B", fields[1]);
        Assert.EndsWith(".local", fields[2], StringComparison.Ordinal);
        Assert.Equal("4343", fields[3]);
        Assert.Contains("127.0.0.1", fields[4].Split(','));
        Assert.Equal(["v=1", "chain=energychain-interop", $"key={Key}"], fields[5].Split(';'));
    }

    [Fact]
    public async Task Our_browser_queries_our_responder_over_real_multicast_next_to_avahi()
    {
        const string Script = """
            set -u
            "$1" "$2" respond --interface 127.0.0.1 --name "$4" --host ecnode-self --port 4444 --address 127.0.0.1 \
              --txt v=1 --txt chain=energychain-interop --txt "key=$5" --seconds 60 --ready-file "$3/ready" >"$3/child.out" 2>&1 &
            pid=$!
            for _ in $(seq 300); do [ -f "$3/ready" ] && break; sleep 0.1; done
            # Past the announcements (0, 1 and 3 s), so the browser has to ask and the responder has to answer.
            sleep 4
            timeout 30 "$1" "$2" browse --interface 127.0.0.1 --seconds 4
            rc=$?
            kill $pid 2>/dev/null; wait $pid
            echo "--- responder"; cat "$3/child.out"
            exit $rc
            """;
        var result = await RunAsync(Script, "EC Node C", Key);
        if (result is null)
        {
            return;
        }

        var fields = Assert.Single(result.Value.Stdout.Split('\n').Where(l => l.StartsWith("found\t", StringComparison.Ordinal)).Select(l => l.Split('\t')));
        Assert.Equal(["EC Node C", "ecnode-self.local", "4444", "127.0.0.1"], fields[1..5]);
        // The responder answered the browser's queries and met nothing it could not decode.
        var stopping = Assert.Single(result.Value.Stdout.Split('\n'), l => l.StartsWith("stopping ", StringComparison.Ordinal));
        Assert.Contains("malformed=0", stopping, StringComparison.Ordinal);
        Assert.DoesNotContain("answered=0", stopping, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)?> RunAsync(string script, params string[] args)
    {
        var sandbox = MdnsSandbox.FindScript();
        if (sandbox is null)
        {
            output.WriteLine("SKIPPED: ../shared/tools/mdns-sandbox.sh not found next to the repository");
            return null;
        }

        Assert.True(File.Exists(MdnsSandbox.ChildDll), $"{MdnsSandbox.ChildDll} missing: the test project should build EnergyChain.MdnsChild");
        var result = await MdnsSandbox.RunAsync(sandbox, script, Timeout, args);
        output.WriteLine($"exit {result.ExitCode}\n--- stdout\n{result.Stdout}\n--- stderr\n{result.Stderr}");
        if (result.ExitCode == MdnsSandbox.CannotRun)
        {
            output.WriteLine($"SKIPPED: mdns-sandbox.sh cannot run here (exit 77): {result.Stderr.Trim()}");
            return null;
        }

        Assert.True(result.ExitCode == 0, $"sandbox exited {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        return result;
    }
}
