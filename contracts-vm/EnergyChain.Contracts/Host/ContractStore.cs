using System.Security.Cryptography;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;

namespace EnergyChain.Contracts.Host;

/// <summary>
/// How contracts live in the account state (and so in the state root, the store and reorg undo, unchanged):
/// <list type="bullet">
/// <item>A deployed contract is the account at its address with <see cref="Account.Data"/> = <c>0x01 || code</c>;
/// its balance is the account balance.</item>
/// <item>A storage entry (contract C, key K) is the account at
/// <c>SHA-256("EnergyChain/storage/v1" || C || K)[0..20]</c> with <see cref="Account.Data"/> = <c>0x02 || value</c>.
/// Deleting sets the data to nothing (the record vanishes when nothing else is on it).</item>
/// </list>
/// </summary>
public static class ContractStore
{
    public const byte CodeTag = 0x01;
    public const byte StorageTag = 0x02;

    public static Address StorageAddress(Address contract, ReadOnlySpan<byte> key)
    {
        ReadOnlySpan<byte> tag = "EnergyChain/storage/v1"u8;
        var length = tag.Length + Address.Size + key.Length;
        Span<byte> buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        tag.CopyTo(buffer);
        contract.CopyTo(buffer.Slice(tag.Length, Address.Size));
        key.CopyTo(buffer[(tag.Length + Address.Size)..]);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(buffer, digest);
        return new Address(digest[..Address.Size]);
    }

    /// <summary>The code of the contract account, or null when it is not a contract.</summary>
    public static byte[]? CodeOf(Account account) =>
        account.Data is { Length: > 1 } data && data[0] == CodeTag ? data[1..] : null;

    public static bool IsContract(Account account) => account.Data is { Length: > 1 } data && data[0] == CodeTag;

    public static Account WithCode(Account account, byte[] code)
    {
        var data = new byte[code.Length + 1];
        data[0] = CodeTag;
        code.CopyTo(data, 1);
        return account with { Data = data };
    }

    public static byte[]? ReadValue(IStateReader state, Address contract, ReadOnlySpan<byte> key) =>
        state.GetAccount(StorageAddress(contract, key)).Data is { Length: > 1 } data && data[0] == StorageTag ? data[1..] : null;

    public static void WriteValue(StateOverlay state, Address contract, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var address = StorageAddress(contract, key);
        var account = state.GetAccount(address);
        if (value.IsEmpty)
        {
            state.SetAccount(address, account with { Data = null });
            return;
        }

        var data = new byte[value.Length + 1];
        data[0] = StorageTag;
        value.CopyTo(data.AsSpan(1));
        state.SetAccount(address, account with { Data = data });
    }
}
