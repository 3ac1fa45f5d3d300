using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;

namespace EnergyChain.Core.Storage;

/// <summary>
/// What a block overwrote: every account it changed, with the value it had before, so the block can be taken
/// back. An account that did not exist is recorded as <see cref="Account.Empty"/>, which every consumer of
/// <see cref="StateChanges"/> already treats as "delete". Encoding (version 1):
/// <code>
/// u8 version=1 | u32 count | count x (20 address | u8 present | account encoding if present)
/// </code>
/// Addresses are strictly ascending, as in <see cref="StateChanges"/>.
/// </summary>
internal static class UndoRecord
{
    private const byte Version = 1;

    public static byte[] Encode(StateChanges before)
    {
        var writer = new CanonicalWriter(5 + (before.Accounts.Count * (Address.Size + 1 + Account.EncodedSize)));
        writer.WriteU8(Version);
        writer.WriteU32((uint)before.Accounts.Count);
        Span<byte> address = stackalloc byte[Address.Size];
        foreach (var (key, account) in before.Accounts)
        {
            key.CopyTo(address);
            writer.WriteFixed(address);
            if (account.IsEmpty)
            {
                writer.WriteU8(0);
            }
            else
            {
                writer.WriteU8(1);
                account.Write(writer);
            }
        }

        return writer.ToArray();
    }

    /// <exception cref="StoreException">Corrupted: the bytes are not an undo record this store wrote.</exception>
    public static StateChanges Decode(ReadOnlySpan<byte> data, ulong height)
    {
        try
        {
            var reader = new CanonicalReader(data);
            var version = reader.ReadU8();
            if (version != Version)
            {
                throw new DecodeException(DecodeError.UnsupportedVersion, $"undo version {version} is not supported (expected {Version})");
            }

            var count = reader.ReadU32();

            // Bound the allocation by what the bytes can hold, not by what the count claims.
            if (count > (uint)(reader.Remaining / (Address.Size + 1)))
            {
                throw new DecodeException(DecodeError.InvalidValue, $"undo record claims {count} accounts in {reader.Remaining} bytes");
            }

            var accounts = new List<KeyValuePair<Address, Account>>((int)count);
            for (var i = 0; i < count; i++)
            {
                var address = new Address(reader.ReadFixed(Address.Size, "undo address"));
                var present = reader.ReadU8();
                var account = present switch
                {
                    0 => Account.Empty,
                    1 => Account.Read(ref reader), // variable length: contract accounts carry data
                    _ => throw new DecodeException(DecodeError.InvalidValue, $"undo presence flag {present}"),
                };
                accounts.Add(new(address, account));
            }

            reader.EnsureEnd("undo record");
            return new StateChanges(accounts);
        }
        catch (Exception e) when (e is DecodeException or ArgumentException)
        {
            throw new StoreException(StoreError.Corrupted, $"the undo data of block {height} is damaged: {e.Message}", e);
        }
    }
}
