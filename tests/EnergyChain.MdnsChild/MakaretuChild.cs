using System.Collections.Concurrent;
using System.Net;
using Makaretu.Dns;

namespace EnergyChain.MdnsChild;

/// <summary>
/// The same respond/browse commands as <see cref="Program"/>, built on Makaretu.Dns.Multicast 0.27.0 instead of our
/// mDNS, so MakaretuSpikeTests can hold the package to the same interop bar in the sandbox. Also <c>mk-decode FILE</c>:
/// decodes each hex line of FILE with Makaretu's <see cref="Message"/> and prints <c>ok</c> or the exception type.
/// </summary>
internal static class MakaretuChild
{
    private const string Service = "_energychain._tcp";

    public static async Task<int> RespondAsync(Dictionary<string, List<string>> options, CancellationToken stop)
    {
        var name = options["name"][0];
        var host = new DomainName(options["host"][0] + ".local");
        var port = ushort.Parse(options["port"][0], System.Globalization.CultureInfo.InvariantCulture);
        var addresses = (options.GetValueOrDefault("address") ?? []).Select(IPAddress.Parse).ToList();
        var malformed = 0;
        var queries = 0;
        using var mdns = new MulticastService { UseIpv6 = false };
        mdns.MalformedMessage += (_, _) => Interlocked.Increment(ref malformed);
        mdns.QueryReceived += (_, _) => Interlocked.Increment(ref queries);
        using var sd = new ServiceDiscovery(mdns);
        var profile = new ServiceProfile(name, Service, port, addresses.Count > 0 ? addresses : null);

        // The profile's own host name is "<instance>.energychain.local" and its TXT "txtvers=1": replace both with ours.
        var fqn = profile.FullyQualifiedName;
        profile.HostName = host;
        profile.Resources.Clear();
        profile.Resources.Add(new SRVRecord { Name = fqn, Port = port, Target = host });
        var txt = new TXTRecord { Name = fqn };
        txt.Strings.AddRange(options.GetValueOrDefault("txt") ?? []);
        profile.Resources.Add(txt);
        foreach (var a in addresses.Count > 0 ? addresses : MulticastService.GetIPAddresses().Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork))
        {
            profile.Resources.Add(AddressRecord.Create(host, a));
        }

        mdns.Start();
        Console.WriteLine($"interfaces {string.Join(',', MulticastService.GetNetworkInterfaces().Select(n => n.Name))}");
        sd.Advertise(profile);
        sd.Announce(profile);
        Console.WriteLine($"ready {name} {host}");
        if (options.TryGetValue("ready-file", out var readyFile))
        {
            await File.WriteAllTextAsync(readyFile[0], name, CancellationToken.None);
        }

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("seconds")?[0] ?? "60", System.Globalization.CultureInfo.InvariantCulture)), stop);
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine($"stopping queries={queries} malformed={malformed}");
        sd.Unadvertise(profile);
        await Task.Delay(200, CancellationToken.None);
        return 0;
    }

    public static async Task<int> BrowseAsync(Dictionary<string, List<string>> options, CancellationToken stop)
    {
        var records = new ConcurrentDictionary<(string Name, DnsType Type, string Data), ResourceRecord>();
        var reported = new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        var serviceName = new DomainName(Service + ".local");
        var found = 0;
        var malformed = 0;
        using var mdns = new MulticastService { UseIpv6 = false };
        using var sd = new ServiceDiscovery(mdns);
        mdns.MalformedMessage += (_, _) => Interlocked.Increment(ref malformed);
        mdns.AnswerReceived += (_, e) =>
        {
            foreach (var r in e.Message.Answers.Concat(e.Message.AdditionalRecords))
            {
                records[(r.Name!.ToString().ToLowerInvariant(), r.Type, r.ToString())] = r;
            }

            foreach (var ptr in records.Values.OfType<PTRRecord>().Where(p => p.Name == serviceName && p.TTL > TimeSpan.Zero).ToList())
            {
                var instance = ptr.DomainName;
                var srv = records.Values.OfType<SRVRecord>().FirstOrDefault(s => s.Name == instance);
                var txt = records.Values.OfType<TXTRecord>().FirstOrDefault(t => t.Name == instance);
                var addrs = srv is null ? [] : records.Values.OfType<AddressRecord>().Where(a => a.Name == srv.Target).Select(a => a.Address).Distinct().ToList();
                if (srv is null || txt is null || addrs.Count == 0)
                {
                    // Ask for what is missing, as our browser does.
                    mdns.SendQuery(instance, type: srv is null ? DnsType.SRV : txt is null ? DnsType.TXT : DnsType.A);
                    if (srv is not null && addrs.Count == 0)
                    {
                        mdns.SendQuery(srv.Target, type: DnsType.A);
                    }

                    continue;
                }

                if (reported.TryAdd(instance.ToString(), true))
                {
                    Interlocked.Increment(ref found);
                    Console.WriteLine($"found\t{instance.Labels[0]}\t{srv.Target}\t{srv.Port}\t{string.Join(',', addrs)}\t{string.Join(';', txt.Strings)}");
                }
            }
        };
        mdns.Start();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("seconds")?[0] ?? "5", System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            while (DateTime.UtcNow < until)
            {
                sd.QueryServiceInstances(Service);
                await Task.Delay(1000, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine($"browsed malformed={malformed}");
        return found > 0 ? 0 : 1;
    }

    public static int Decode(string file)
    {
        var outcomes = new Dictionary<string, int>();
        foreach (var line in File.ReadLines(file))
        {
            string outcome;
            try
            {
                var message = new Message();
                message.Read(Convert.FromHexString(line));
                outcome = "ok";
            }
            catch (Exception e)
            {
                outcome = e.GetType().FullName!;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        foreach (var (outcome, count) in outcomes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"decode\t{outcome}\t{count}");
        }

        return 0;
    }
}
