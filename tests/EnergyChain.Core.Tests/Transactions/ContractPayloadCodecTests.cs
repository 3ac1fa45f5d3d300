using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;

namespace EnergyChain.Core.Tests.Transactions;

public sealed class ContractPayloadCodecTests
{
    private static readonly PrivateKey Alice = PrivateKey.FromSeed("codec/contract/alice");

    [Fact]
    public void Deploy_and_call_round_trip_with_the_exact_bytes()
    {
        TxPayload[] payloads =
        [
            new ContractDeployPayload([0x45, 0x43, 0x56, 0x4D, 1], [ContractArg.Int(-5), ContractArg.Of([1, 2, 3]), ContractArg.Of([])], 123_456),
            new ContractDeployPayload([9], [], 0),
            new ContractCallPayload(Alice.Address, 7, [ContractArg.Int(long.MinValue), ContractArg.Int(long.MaxValue), ContractArg.Of(new byte[ContractArg.MaxBytes])], 99, 1_000_000),
            new ContractCallPayload(Alice.Address, ushort.MaxValue, [], 0, 0),
        ];
        foreach (var payload in payloads)
        {
            var tx = Transaction.Create("energychain-test", Alice, 3, 1, payload);
            var decoded = Transaction.Decode(tx.Encoded);
            Assert.Equal(payload, decoded.Payload);
            Assert.Equal(tx.Encoded.ToArray(), decoded.Encoded.ToArray());
        }
    }

    [Fact]
    public void Contract_address_depends_on_sender_and_nonce()
    {
        var a = ContractDeployPayload.ContractAddress(Alice.Address, 0);
        Assert.Equal(a, ContractDeployPayload.ContractAddress(Alice.Address, 0));
        Assert.NotEqual(a, ContractDeployPayload.ContractAddress(Alice.Address, 1));
        Assert.NotEqual(a, ContractDeployPayload.ContractAddress(PrivateKey.FromSeed("other").Address, 0));
    }

    [Theory]
    [InlineData("00000000", "empty code")]
    [InlineData("0000000101" + "21", "too many arguments")]
    [InlineData("000000010101" + "02", "bad argument tag")]
    [InlineData("000000010101" + "0100", "truncated argument")]
    [InlineData("0000000101" + "00" + "0000000000000001" + "00", "trailing byte")]
    public void Deploy_decoding_is_strict(string hex, string why)
    {
        var e = Assert.Throws<DecodeException>(() => Decode(TxType.ContractDeploy, Convert.FromHexString(hex)));
        Assert.False(string.IsNullOrEmpty(e.Message), why);
    }

    [Fact]
    public void Call_decoding_is_strict()
    {
        var good = Transaction.Create("energychain-test", Alice, 0, 0, new ContractCallPayload(Alice.Address, 1, [ContractArg.Int(1)], 2, 3));
        var body = Body(good);
        Assert.Throws<DecodeException>(() => Decode(TxType.ContractCall, body[..^1]));
        Assert.Throws<DecodeException>(() => Decode(TxType.ContractCall, [.. body, 0]));
        var oversized = (byte[])body.Clone();
        oversized[Address.Size + 2 + 1] = 1; // the first argument claims to be bytes with a huge length
        Assert.Throws<DecodeException>(() => Decode(TxType.ContractCall, oversized));
    }

    [Fact]
    public void Accounts_with_data_round_trip_and_plain_accounts_keep_version_2()
    {
        var plain = new Account(5, 1, 0, 0);
        Assert.Equal(Account.EncodedSize, plain.Encode().Length);
        Assert.Equal(Account.CurrentVersion, plain.Encode()[0]);
        var withData = plain with { Data = [1, 2, 3] };
        var bytes = withData.Encode();
        Assert.Equal(Account.DataVersion, bytes[0]);
        Assert.Equal(withData, Account.Decode(bytes));
        Assert.NotEqual(plain, withData);
        Assert.True((Account.Empty with { Data = [] }).IsEmpty);
        Assert.False((Account.Empty with { Data = [0] }).IsEmpty);

        var empty = (byte[])bytes.Clone();
        Array.Resize(ref empty, Account.EncodedSize + 4);
        empty[^1] = 0;
        empty[^2] = 0;
        empty[^3] = 0;
        empty[^4] = 0;
        Assert.Equal(DecodeError.InvalidValue, Assert.Throws<DecodeException>(() => Account.Decode(empty)).Error);
    }

    private static byte[] Body(Transaction tx)
    {
        // version | chain id | sender | nonce | fee | type | u32 len + payload | signature
        var encoded = tx.Encoded.ToArray();
        var offset = 1 + 1 + encoded[1] + PublicKey.Size + 8 + 8 + 1;
        var length = (encoded[offset] << 24) | (encoded[offset + 1] << 16) | (encoded[offset + 2] << 8) | encoded[offset + 3];
        return encoded.AsSpan(offset + 4, length).ToArray();
    }

    private static TxPayload Decode(TxType type, byte[] body)
    {
        // Re-wrap the body in a signed transaction encoding so the public decoder is exercised.
        var template = Transaction.Create("energychain-test", Alice, 0, 0, new StakePayload(1)).Encoded.ToArray();
        var typeOffset = 1 + 1 + template[1] + PublicKey.Size + 8 + 8;
        var head = template.AsSpan(0, typeOffset).ToArray();
        head[0] = template[0];
        byte[] length = [(byte)(body.Length >> 24), (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length];
        byte[] bytes = [.. head, (byte)type, .. length, .. body, .. new byte[Signature.Size]];
        return Transaction.Decode(bytes).Payload;
    }
}
