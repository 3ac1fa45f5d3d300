using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using EnergyChain.P2P.Discovery.Mdns;

namespace EnergyChain.MdnsChild;

/// <summary>
/// Command-line front end of the mDNS responder and browser.
/// <para>
/// <c>respond --name NAME --host HOST --port PORT [--address IP]... [--txt KEY=VALUE]... [--seconds S] [--ready-file PATH] [--interface IP] [--mdns-port P]</c>
/// advertises one instance until S seconds (default 60) pass or SIGTERM/SIGINT, then sends goodbyes. After the first
/// announcement it prints <c>ready NAME HOST</c> (the names after any conflict rename) and creates PATH if given.
/// </para>
/// <para>
/// <c>browse [--seconds S] [--interface IP] [--mdns-port P]</c> browses for S seconds (default 5) and prints one line per discovery as it
/// happens: <c>found</c>, instance, host, port, comma-separated addresses, semicolon-separated key=value pairs, all
/// tab-separated. Exit status 0 if something was found, 1 if not, 2 for bad usage.
/// </para>
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || !TryParse(args[1..], out var options))
        {
            return Usage();
        }

        var mdns = new MdnsOptions();
        if (options.TryGetValue("interface", out var iface))
        {
            mdns = mdns with { InterfaceAddress = IPAddress.Parse(iface[0]) };
        }

        if (options.TryGetValue("mdns-port", out var portText))
        {
            var port = int.Parse(portText[0], CultureInfo.InvariantCulture);
            mdns = mdns with { Port = port, GroupEndPoint = new IPEndPoint(MdnsOptions.DefaultGroupAddress, port) };
        }

        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stop));
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stop));
        return args[0] switch
        {
            "respond" => await RespondAsync(options, mdns, stop.Token),
            "browse" => await BrowseAsync(options, mdns, stop.Token),
            _ => Usage(),
        };
    }

    private static async Task<int> RespondAsync(Dictionary<string, List<string>> options, MdnsOptions mdns, CancellationToken stop)
    {
        if (!options.TryGetValue("name", out var name) || !options.TryGetValue("host", out var host) || !options.TryGetValue("port", out var port))
        {
            return Usage();
        }

        var txt = new Dictionary<string, string>();
        foreach (var pair in options.GetValueOrDefault("txt") ?? [])
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            txt[eq < 0 ? pair : pair[..eq]] = eq < 0 ? string.Empty : pair[(eq + 1)..];
        }

        var addresses = (options.GetValueOrDefault("address") ?? []).Select(IPAddress.Parse).ToList();
        var instance = new MdnsServiceInstance(name[0], host[0], int.Parse(port[0], CultureInfo.InvariantCulture), addresses, txt);
        var responder = new MdnsResponder(instance, mdns);
        await using (responder)
        {
            try
            {
                await responder.StartAsync(stop);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("stopped before the first announcement");
                return 1;
            }

            var advertised = responder.Advertised;
            Console.WriteLine($"ready {advertised.InstanceName} {advertised.HostName}");
            if (options.TryGetValue("ready-file", out var readyFile))
            {
                await File.WriteAllTextAsync(readyFile[0], advertised.ToString(), CancellationToken.None);
            }

            try
            {
                await Task.Delay(Seconds(options, 60), stop);
            }
            catch (OperationCanceledException)
            {
                // Signalled: fall through to the goodbye in DisposeAsync.
            }

            Console.WriteLine($"stopping answered={responder.QueriesAnswered} malformed={responder.MalformedPackets} conflicts={responder.Conflicts}");
        }

        return 0;
    }

    private static async Task<int> BrowseAsync(Dictionary<string, List<string>> options, MdnsOptions mdns, CancellationToken stop)
    {
        var found = 0;
        var browser = new MdnsBrowser(mdns);
        await using (browser)
        {
            browser.Discovered += i =>
            {
                Interlocked.Increment(ref found);
                var txt = string.Join(';', i.Txt.Select(p => $"{p.Key}={p.Value}"));
                Console.WriteLine($"found\t{i.InstanceName}\t{i.HostName}\t{i.Port}\t{string.Join(',', i.Addresses)}\t{txt}");
            };
            browser.Removed += n => Console.WriteLine($"removed\t{n}");
            await browser.StartAsync(stop);
            try
            {
                await Task.Delay(Seconds(options, 5), stop);
            }
            catch (OperationCanceledException)
            {
                // Signalled: report what was found so far.
            }
        }

        return found > 0 ? 0 : 1;
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true;
        stop.Cancel();
    }

    private static TimeSpan Seconds(Dictionary<string, List<string>> options, int fallback) =>
        TimeSpan.FromSeconds(options.TryGetValue("seconds", out var s) ? int.Parse(s[0], CultureInfo.InvariantCulture) : fallback);

    private static bool TryParse(string[] args, out Dictionary<string, List<string>> options)
    {
        options = [];
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return false;
            }

            var key = args[i][2..];
            if (!options.TryGetValue(key, out var values))
            {
                options[key] = values = [];
            }

            values.Add(args[i + 1]);
        }

        return true;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: EnergyChain.MdnsChild respond --name NAME --host HOST --port PORT [--address IP]... [--txt K=V]... [--seconds S] [--ready-file PATH] [--interface IP] [--mdns-port P]");
        Console.Error.WriteLine("       EnergyChain.MdnsChild browse [--seconds S] [--interface IP] [--mdns-port P]");
        return 2;
    }
}
