using EnergyChain.Core.Crypto;

namespace EnergyChain.Core.State;

/// <summary>
/// Where consensus engines keep their own records in the account state (so they are in the state root, the
/// store and reorg undo like everything else): the record named <c>key</c> is the account at
/// <c>SHA-256("EnergyChain/engine/v1" || key)[0..20]</c> with <see cref="Account.Data"/> = <c>0x03 || value</c>.
/// Nobody holds a key for such an address, so only the engine writes there.
/// </summary>
public static class EngineRecords
{
    public const byte RecordTag = 0x03;

    public static Address AddressOf(ReadOnlySpan<byte> key)
    {
        ReadOnlySpan<byte> tag = "EnergyChain/engine/v1"u8;
        var length = tag.Length + key.Length;
        Span<byte> buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        tag.CopyTo(buffer);
        key.CopyTo(buffer[tag.Length..]);
        Span<byte> digest = stackalloc byte[32];
        Sha256.HashData(buffer, digest);
        return new Address(digest[..Address.Size]);
    }

    /// <summary>The record's value, or null when there is none.</summary>
    public static byte[]? Read(IStateReader state, ReadOnlySpan<byte> key) =>
        state.GetAccount(AddressOf(key)).Data is { Length: > 1 } data && data[0] == RecordTag ? data[1..] : null;

    /// <summary>Writes (or with an empty value, deletes) the record.</summary>
    public static void Write(StateOverlay state, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var address = AddressOf(key);
        var account = state.GetAccount(address);
        if (value.IsEmpty)
        {
            state.SetAccount(address, account with { Data = null });
            return;
        }

        if (value.Length + 1 > Account.MaxDataSize)
        {
            throw new InvalidOperationException($"engine record of {value.Length} bytes exceeds {Account.MaxDataSize - 1}");
        }

        var data = new byte[value.Length + 1];
        data[0] = RecordTag;
        value.CopyTo(data.AsSpan(1));
        state.SetAccount(address, account with { Data = data });
    }
}
