using System.Net;
using EnergyChain.P2P.Discovery.Mdns;
using EnergyChain.P2P.Tests.Support;

namespace EnergyChain.P2P.Tests.Discovery.Mdns;

/// <summary>Random and mutated packets only ever produce an <see cref="MdnsFormatException"/>. Seeded, so failures replay.</summary>
public sealed class DnsMessageFuzzTests
{
    [Fact]
    public void Decoder_only_throws_format_errors_on_mutated_responses() => FuzzDecoder(1, SampleResponse());

    [Fact]
    public void Decoder_only_throws_format_errors_on_mutated_queries() =>
        FuzzDecoder(2, DnsMessageCodec.Encode(new DnsMessage
        {
            Questions = [new DnsQuestion(DnsName.Parse(EnergyChainService.ServiceType), DnsRecordType.Ptr)],
            Answers = [DnsRecord.Create(DnsName.Parse(EnergyChainService.ServiceType), new PtrData(DnsName.Parse("a._energychain._tcp.local")), 4500)],
        }));

    [Fact]
    public void Responder_and_browser_survive_what_the_decoder_accepts()
    {
        // Whatever decodes must also be safe to act on: answer it as a query and cache it as a response.
        var responder = new MdnsResponder(MdnsTestNetwork.Instance("Fuzz", 1), new MdnsOptions { Probe = false });
        var browser = new MdnsBrowser();
        var from = new IPEndPoint(IPAddress.Loopback, MdnsOptions.DefaultPort);
        var random = new Random(3);
        var seed = SampleResponse();
        var decoded = 0;
        for (var i = 0; i < Fuzz.Iterations / 10; i++)
        {
            if (DnsMessageCodec.TryDecode(Fuzz.Next(random, seed), out var message))
            {
                decoded++;
                responder.Answer(message!);
                browser.Process(message!, from);
            }
        }

        Assert.True(decoded > 0);
    }

    internal static byte[] SampleResponse()
    {
        var service = DnsName.Parse(EnergyChainService.ServiceType);
        var instance = service.Prepend("Node A");
        var host = DnsName.Parse("ecnode-a.local");
        return DnsMessageCodec.Encode(new DnsMessage
        {
            Flags = DnsMessage.ResponseFlags,
            Answers = [DnsRecord.Create(service, new PtrData(instance), 4500)],
            Additionals =
            [
                DnsRecord.Create(instance, new SrvData(0, 0, 4242, host), 120, true),
                DnsRecord.Create(instance, TxtData.FromPairs([new("v", "1"), new("key", "02ab")]), 4500, true),
                DnsRecord.Create(host, new AddressData(IPAddress.Parse("10.0.0.7")), 120, true),
                DnsRecord.Create(host, new NsecData(host, [1]), 120, true),
            ],
        });
    }

    private static void FuzzDecoder(int seed, byte[] valid)
    {
        var random = new Random(seed);
        int ok = 0, errors = 0;
        for (var i = 0; i < Fuzz.Iterations; i++)
        {
            var input = Fuzz.Next(random, valid);
            try
            {
                var message = DnsMessageCodec.Decode(input);
                // Anything decoded must encode again (names and lengths were validated on the way in).
                DnsMessageCodec.Encode(message);
                ok++;
            }
            catch (MdnsFormatException)
            {
                errors++;
            }
        }

        Assert.True(ok > 0 && errors > 0, $"decoded {ok}, refused {errors}");
        Assert.Equal(Fuzz.Iterations, ok + errors);
    }
}
