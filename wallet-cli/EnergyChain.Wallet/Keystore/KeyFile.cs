using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnergyChain.Wallet.Keystore;

/// <summary>
/// One keystore file (<c>NAME.json</c>, mode 0600). Only the address and public key are in clear; the
/// 32-byte secret is AES-256-GCM encrypted under a key derived from the passphrase with PBKDF2-SHA256.
/// All binary fields are lower-case hex.
/// </summary>
internal sealed class KeyFile
{
    public const int CurrentVersion = 1;
    public const string Pbkdf2Sha256 = "pbkdf2-sha256";
    public const string Aes256Gcm = "aes-256-gcm";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public required int Version { get; init; }

    public required string Name { get; init; }

    public required string Address { get; init; }

    public required string PublicKey { get; init; }

    public required string Kdf { get; init; }

    public required int Iterations { get; init; }

    public required string Salt { get; init; }

    public required string Cipher { get; init; }

    public required string Nonce { get; init; }

    public required string Ciphertext { get; init; }

    public required string Tag { get; init; }

    public byte[] ToJsonBytes() => [.. JsonSerializer.SerializeToUtf8Bytes(this, Options), (byte)'\n'];

    /// <summary>Parses a key file; throws <see cref="JsonException"/> when it is not one.</summary>
    public static KeyFile FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<KeyFile>(json, Options) ?? throw new JsonException("the file holds null");
}
