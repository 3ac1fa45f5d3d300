using System.Net;
using System.Net.Sockets;
using EnergyChain.P2P.Discovery.Mdns;
using static EnergyChain.P2P.Tests.Discovery.Mdns.MdnsTestNetwork;

namespace EnergyChain.P2P.Tests.Discovery.Mdns;

public sealed class MdnsResponderTests
{
    private static readonly DnsName Service = DnsName.Parse(EnergyChainService.ServiceType);
    private static readonly DnsName InstanceName = Service.Prepend("Node A");
    private static readonly DnsName HostName = DnsName.Parse("ecnode-test.local");

    [Fact]
    public void PTR_question_gets_the_PTR_with_SRV_TXT_and_A_as_additionals()
    {
        var responder = new MdnsResponder(Instance("Node A", 4242));

        var (answers, additionals) = responder.Answer(Query(new DnsQuestion(Service, DnsRecordType.Ptr)));

        var ptr = Assert.Single(answers);
        Assert.Equal(InstanceName, ((PtrData)ptr.Data).Target);
        Assert.False(ptr.CacheFlush); // shared record
        Assert.Equal(4500u, ptr.Ttl);
        var srv = additionals.Single(r => r.Type == DnsRecordType.Srv);
        Assert.Equal((4242, HostName), (((SrvData)srv.Data).Port, ((SrvData)srv.Data).Target));
        Assert.Equal(120u, srv.Ttl);
        var txt = additionals.Single(r => r.Type == DnsRecordType.Txt).Data as TxtData;
        Assert.Equal(["v", "chain", "key"], txt!.ToDictionary().Keys);
        Assert.Equal(IPAddress.Loopback, ((AddressData)additionals.Single(r => r.Type == DnsRecordType.A).Data).Address);
        Assert.All(additionals, r => Assert.True(r.CacheFlush, $"{r.Type} is unique and must carry cache-flush"));
        Assert.Equal(2, additionals.Count(r => r.Type == DnsRecordType.Nsec));
    }

    [Fact]
    public void SRV_TXT_A_ANY_and_service_enumeration_questions_are_answered()
    {
        var responder = new MdnsResponder(Instance("Node A", 4242));

        Assert.Equal(DnsRecordType.Srv, Assert.Single(responder.Answer(Query(new DnsQuestion(InstanceName, DnsRecordType.Srv))).Answers).Type);
        Assert.Equal(DnsRecordType.Txt, Assert.Single(responder.Answer(Query(new DnsQuestion(InstanceName, DnsRecordType.Txt))).Answers).Type);
        Assert.Equal(DnsRecordType.A, Assert.Single(responder.Answer(Query(new DnsQuestion(HostName, DnsRecordType.A))).Answers).Type);
        Assert.Equal(
            [DnsRecordType.Srv, DnsRecordType.Txt],
            responder.Answer(Query(new DnsQuestion(DnsName.Parse("NODE A._energychain._TCP.local"), DnsRecordType.Any))).Answers.Select(a => a.Type));
        var enumeration = Assert.Single(responder.Answer(Query(new DnsQuestion(DnsName.Parse("_services._dns-sd._udp.local"), DnsRecordType.Ptr))).Answers);
        Assert.Equal(Service, ((PtrData)enumeration.Data).Target);
    }

    [Fact]
    public void Missing_type_on_an_owned_name_gets_an_NSEC_and_foreign_names_get_nothing()
    {
        var responder = new MdnsResponder(Instance("Node A", 4242));

        var nsec = Assert.Single(responder.Answer(Query(new DnsQuestion(HostName, DnsRecordType.Aaaa))).Answers);
        Assert.Equal(DnsRecordType.Nsec, nsec.Type);
        Assert.Equal([(int)DnsRecordType.A], ((NsecData)nsec.Data).Types);
        Assert.Empty(responder.Answer(Query(new DnsQuestion(DnsName.Parse("_http._tcp.local"), DnsRecordType.Ptr))).Answers);
        Assert.Empty(responder.Answer(Query(new DnsQuestion(Service.Prepend("Node B"), DnsRecordType.Srv))).Answers);
        Assert.Empty(responder.Answer(Query(new DnsQuestion(Service, DnsRecordType.Ptr, Class: 3))).Answers); // CHAOS
    }

    [Fact]
    public void Known_answers_with_at_least_half_the_TTL_are_suppressed()
    {
        var responder = new MdnsResponder(Instance("Node A", 4242));
        var question = new DnsQuestion(Service, DnsRecordType.Ptr);
        var known = DnsRecord.Create(Service, new PtrData(InstanceName), 4500);

        Assert.Empty(responder.Answer(Query(question, known with { Ttl = 2250 })).Answers);
        Assert.Single(responder.Answer(Query(question, known with { Ttl = 2249 })).Answers);
        Assert.Single(responder.Answer(Query(question, DnsRecord.Create(Service, new PtrData(Service.Prepend("Other")), 4500))).Answers);
    }

    [Fact]
    public async Task Responder_and_browser_find_each_other_over_loopback()
    {
        var (responderOptions, browserOptions) = LoopbackPair();
        var found = new TaskCompletionSource<MdnsServiceInstance>(TaskCreationOptions.RunContinuationsAsynchronously);
        var advertised = Instance("Node A", 4242, "ecnode-a");
        await using var responder = new MdnsResponder(advertised, responderOptions);
        await using var browser = new MdnsBrowser(browserOptions);
        browser.Discovered += i => found.TrySetResult(i);

        await browser.StartAsync();
        await responder.StartAsync();
        var instance = await found.Task.WaitAsync(Patience);

        Assert.Equal("Node A", instance.InstanceName);
        Assert.Equal("ecnode-a.local", instance.HostName);
        Assert.Equal(4242, instance.Port);
        Assert.Equal([IPAddress.Loopback], instance.Addresses);
        Assert.Equal("1", instance.Txt[EnergyChainService.VersionKey]);
        Assert.Equal(ChainId, instance.Txt[EnergyChainService.ChainKey]);
        Assert.Equal("02" + new string('a', 64), instance.Txt[EnergyChainService.PublicKeyKey]);
        Assert.Single(browser.Instances);
    }

    [Fact]
    public async Task Browser_started_late_resolves_by_query_and_sees_the_goodbye()
    {
        var (responderOptions, browserOptions) = LoopbackPair();
        var found = new TaskCompletionSource<MdnsServiceInstance>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gone = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var discoveries = 0;
        var responder = new MdnsResponder(Instance("Node A", 4242), responderOptions with { Announcements = 1 });
        await using var browser = new MdnsBrowser(browserOptions);
        browser.Discovered += i =>
        {
            Interlocked.Increment(ref discoveries);
            found.TrySetResult(i);
        };
        browser.Removed += n => gone.TrySetResult(n);

        // The only announcement goes to a port nobody reads yet, so the browser must ask.
        await responder.StartAsync();
        await browser.StartAsync();
        await found.Task.WaitAsync(Patience);
        Assert.True(responder.QueriesAnswered > 0);

        await responder.DisposeAsync();
        Assert.Equal("Node A", await gone.Task.WaitAsync(Patience));
        Assert.Empty(browser.Instances);
        Assert.Equal(1, Volatile.Read(ref discoveries));
    }

    [Fact]
    public async Task Legacy_unicast_query_gets_a_unicast_reply_with_its_id_and_short_TTLs()
    {
        var (responderOptions, _) = LoopbackPair();
        await using var responder = new MdnsResponder(Instance("Node A", 4242), responderOptions);
        await responder.StartAsync();
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        var query = new DnsMessage { Id = 0x4242, Questions = [new DnsQuestion(InstanceName, DnsRecordType.Srv)] };
        await client.SendAsync(DnsMessageCodec.Encode(query), new IPEndPoint(IPAddress.Loopback, responderOptions.Port));
        var reply = await ReceiveAsync(client, Patience, m => m.IsResponse);

        Assert.NotNull(reply);
        var (message, _) = reply.Value;
        Assert.Equal(0x4242, message.Id);
        Assert.Equal(InstanceName, Assert.Single(message.Questions).Name);
        Assert.Equal(DnsRecordType.Srv, Assert.Single(message.Answers).Type);
        Assert.All(message.Answers.Concat(message.Additionals), r => Assert.True(r.Ttl <= 10 && !r.CacheFlush, r.ToString()));
    }

    [Fact]
    public async Task Malformed_packets_and_responses_get_no_answer()
    {
        var (responderOptions, _) = LoopbackPair();
        await using var responder = new MdnsResponder(Instance("Node A", 4242), responderOptions);
        await responder.StartAsync();
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, responderOptions.Port);
        var question = new DnsQuestion(InstanceName, DnsRecordType.Srv);

        await client.SendAsync(Convert.FromHexString("000000000001000000000000C00C00010001"), target); // pointer loop
        await client.SendAsync(new byte[] { 1, 2, 3 }, target);
        // A response carrying a question: never answered, or two responders could answer each other forever.
        await client.SendAsync(DnsMessageCodec.Encode(new DnsMessage { Id = 1, Flags = DnsMessage.ResponseFlags, Questions = [question] }), target);
        Assert.Null(await ReceiveAsync(client, TimeSpan.FromMilliseconds(500)));

        // Still answering afterwards.
        await client.SendAsync(DnsMessageCodec.Encode(new DnsMessage { Id = 2, Questions = [question] }), target);
        Assert.Equal(2, (await ReceiveAsync(client, Patience))?.Message.Id);
        Assert.Equal(2, responder.MalformedPackets);
    }

    [Fact]
    public async Task A_conflict_while_probing_renames_the_instance()
    {
        var (responderOptions, _) = LoopbackPair(probe: true);
        // Stand in for the group: whoever listens on the port the responder multicasts to.
        using var group = new UdpClient(new IPEndPoint(IPAddress.Loopback, responderOptions.GroupEndPoint.Port));
        await using var responder = new MdnsResponder(Instance("Node A", 4242), responderOptions);
        var start = responder.StartAsync();

        var probe = await ReceiveAsync(group, Patience, m => !m.IsResponse && m.Authorities.Count > 0);
        Assert.NotNull(probe);
        Assert.Contains(probe.Value.Message.Questions, q => q.Name.Equals(InstanceName) && q.Type == DnsRecordType.Any);
        // Another host already owns "Node A" with a different SRV.
        var claim = new DnsMessage
        {
            Flags = DnsMessage.ResponseFlags,
            Answers = [DnsRecord.Create(InstanceName, new SrvData(0, 0, 9999, DnsName.Parse("elsewhere.local")), 120, cacheFlush: true)],
        };
        await group.SendAsync(DnsMessageCodec.Encode(claim), probe.Value.From);
        await start.WaitAsync(Patience);

        Assert.Equal("Node A (2)", responder.Advertised.InstanceName);
        Assert.Equal("ecnode-test.local", responder.Advertised.HostName);
        var announcement = await ReceiveAsync(group, Patience, m => m.IsResponse);
        Assert.Contains(announcement!.Value.Message.Answers, r => r.Type == DnsRecordType.Srv && r.Name.Labels[0] == "Node A (2)");
    }

    private static DnsMessage Query(DnsQuestion question, params DnsRecord[] known) => new() { Questions = [question], Answers = known };
}
