using System.Net;
using EnergyChain.P2P.Discovery.Mdns;

namespace EnergyChain.P2P.Tests.Discovery.Mdns;

/// <summary>The browser's cache and resolution, fed decoded messages directly.</summary>
public sealed class MdnsBrowserTests
{
    private static readonly DnsName Service = DnsName.Parse(EnergyChainService.ServiceType);
    private static readonly DnsName Instance = Service.Prepend("Node A");
    private static readonly DnsName Host = DnsName.Parse("ecnode-a.local");
    private static readonly IPEndPoint Mdns = new(IPAddress.Parse("192.0.2.9"), MdnsOptions.DefaultPort);

    [Fact]
    public void Resolves_an_announcement_once_and_again_only_when_it_changes()
    {
        var browser = new MdnsBrowser();
        var found = new List<MdnsServiceInstance>();
        browser.Discovered += found.Add;

        browser.Process(Response(port: 4242, "10.0.0.7"), Mdns);
        browser.Process(Response(port: 4242, "10.0.0.7"), Mdns);
        browser.Process(Response(port: 4343, "10.0.0.7"), Mdns);

        Assert.Equal([4242, 4343], found.Select(f => f.Port));
        Assert.Equal("ecnode-a.local", found[0].HostName);
        Assert.Equal([IPAddress.Parse("10.0.0.7")], found[0].Addresses);
        Assert.Equal("02ab", found[0].Txt["key"]);
    }

    [Fact]
    public void Needs_SRV_TXT_and_an_address_and_assembles_them_from_several_packets()
    {
        var browser = new MdnsBrowser();
        var found = new List<MdnsServiceInstance>();
        browser.Discovered += found.Add;
        var full = Response(4242, "10.0.0.7");

        browser.Process(Only(full, DnsRecordType.Ptr), Mdns);
        browser.Process(Only(full, DnsRecordType.Srv), Mdns);
        browser.Process(Only(full, DnsRecordType.Txt), Mdns);
        Assert.Empty(found);
        browser.Process(Only(full, DnsRecordType.A), Mdns);

        Assert.Equal(4242, Assert.Single(found).Port);
    }

    [Fact]
    public void Cache_flush_replaces_old_addresses_and_other_services_and_ports_are_ignored()
    {
        var time = new Support.FakeTimeProvider();
        var browser = new MdnsBrowser(new MdnsOptions { TimeProvider = time });
        var found = new List<MdnsServiceInstance>();
        browser.Discovered += found.Add;

        browser.Process(Response(4242, "10.0.0.7"), Mdns);
        time.Advance(TimeSpan.FromSeconds(2));
        browser.Process(Response(4242, "10.0.0.8"), Mdns);
        Assert.Equal([IPAddress.Parse("10.0.0.8")], found[^1].Addresses);

        var http = DnsName.Parse("_http._tcp.local");
        browser.Process(
            new DnsMessage
            {
                Flags = DnsMessage.ResponseFlags,
                Answers = [DnsRecord.Create(http, new PtrData(http.Prepend("Printer")), 4500)],
                Additionals = [DnsRecord.Create(http.Prepend("Printer"), new SrvData(0, 0, 80, Host), 120, true)],
            },
            Mdns);
        browser.Process(Response(5555, "10.0.0.9"), new IPEndPoint(Mdns.Address, 12345)); // not from port 5353
        browser.Process(new DnsMessage { Answers = Response(5555, "10.0.0.9").Answers }, Mdns); // a query, not a response

        Assert.Equal(2, found.Count);
        Assert.Equal("Node A", Assert.Single(browser.Instances).InstanceName);
    }

    [Fact]
    public void Goodbye_and_expiry_remove_the_instance()
    {
        var time = new Support.FakeTimeProvider();
        var browser = new MdnsBrowser(new MdnsOptions { TimeProvider = time });
        var removed = new List<string>();
        browser.Removed += removed.Add;

        browser.Process(Response(4242, "10.0.0.7"), Mdns);
        var goodbye = Response(4242, "10.0.0.7");
        browser.Process(new DnsMessage { Flags = DnsMessage.ResponseFlags, Answers = [.. goodbye.Answers.Select(r => r with { Ttl = 0 })] }, Mdns);
        Assert.Equal(["Node A"], removed);

        browser.Process(Response(4242, "10.0.0.7"), Mdns);
        Assert.Single(browser.Instances);
        time.Advance(TimeSpan.FromMinutes(76)); // past the PTR's 75-minute TTL
        browser.Process(new DnsMessage { Flags = DnsMessage.ResponseFlags }, Mdns);
        Assert.Equal(["Node A", "Node A"], removed);
        Assert.Empty(browser.Instances);
    }

    [Fact]
    public void The_cache_stays_within_its_bound()
    {
        var browser = new MdnsBrowser(new MdnsOptions { MaxCacheRecords = 100 });
        var found = 0;
        browser.Discovered += _ => found++;

        for (var i = 0; i < 300; i++)
        {
            var instance = Service.Prepend($"Flood {i}");
            browser.Process(
                new DnsMessage
                {
                    Flags = DnsMessage.ResponseFlags,
                    Answers = [DnsRecord.Create(Service, new PtrData(instance), 4500)],
                    Additionals =
                    [
                        DnsRecord.Create(instance, new SrvData(0, 0, 1000 + i, Host), 120, true),
                        DnsRecord.Create(instance, new TxtData([]), 4500, true),
                        DnsRecord.Create(Host, new AddressData(IPAddress.Parse("10.0.0.7")), 120, true),
                    ],
                },
                Mdns);
        }

        Assert.Equal(100, browser.CachedRecords);
        Assert.Equal(33, found); // 1 address record + 33 complete instances of 3 records each
    }

    [Fact]
    public void A_throwing_subscriber_is_counted_and_does_not_stop_the_others()
    {
        var browser = new MdnsBrowser();
        var found = 0;
        browser.Discovered += _ => throw new InvalidOperationException("subscriber bug");
        browser.Discovered += _ => found++;

        browser.Process(Response(4242, "10.0.0.7"), Mdns);

        Assert.Equal(1, browser.HandlerFailures);
        Assert.Equal(1, found);
        browser.Process(Response(4343, "10.0.0.7"), Mdns);
        Assert.Equal((2, 2), (browser.HandlerFailures, found));
    }

    private static DnsMessage Response(int port, string address) => new()
    {
        Flags = DnsMessage.ResponseFlags,
        Answers = [DnsRecord.Create(Service, new PtrData(Instance), 4500)],
        Additionals =
        [
            DnsRecord.Create(Instance, new SrvData(0, 0, port, Host), 120, true),
            DnsRecord.Create(Instance, TxtData.FromPairs([new("v", "1"), new("key", "02ab")]), 4500, true),
            DnsRecord.Create(Host, new AddressData(IPAddress.Parse(address)), 120, true),
        ],
    };

    private static DnsMessage Only(DnsMessage message, DnsRecordType type) => new()
    {
        Flags = DnsMessage.ResponseFlags,
        Answers = [.. message.Answers.Concat(message.Additionals).Where(r => r.Type == type)],
    };
}
