using System.Numerics;
using System.Security.Cryptography;

namespace EnergyChain.NeoPeer.Neo;

/// <summary>Base58Check (Bitcoin's alphabet, 4-byte double SHA-256 checksum), the encoding of Neo addresses.</summary>
internal static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    public static string CheckEncode(ReadOnlySpan<byte> payload)
    {
        var checksum = SHA256.HashData(SHA256.HashData(payload));
        var data = new byte[payload.Length + 4];
        payload.CopyTo(data);
        checksum.AsSpan(0, 4).CopyTo(data.AsSpan(payload.Length));
        var value = new BigInteger(data, isUnsigned: true, isBigEndian: true);
        var text = new System.Text.StringBuilder();
        while (value > 0)
        {
            value = BigInteger.DivRem(value, 58, out var digit);
            text.Insert(0, Alphabet[(int)digit]);
        }

        // Each leading zero byte is a leading '1'.
        foreach (var b in data)
        {
            if (b != 0)
            {
                break;
            }

            text.Insert(0, '1');
        }

        return text.ToString();
    }
}
