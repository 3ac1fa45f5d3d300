using System.Security.Cryptography;
using System.Text;
using EnergyChain.Core.Crypto;

namespace EnergyChain.Wallet.Keystore;

/// <summary>Encrypts a private key into a <see cref="KeyFile"/> and back (PBKDF2-SHA256 + AES-256-GCM).</summary>
internal static class KeyCipher
{
    /// <summary>OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Lowest count accepted anywhere (the ECW_KDF_ITERATIONS test override included).</summary>
    public const int MinIterations = 1_000;

    /// <summary>Refuse absurd counts in a file so a damaged file cannot hang the wallet.</summary>
    public const int MaxIterations = 50_000_000;

    public const int SaltSize = 16;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int SecretSize = 32;
    private const int KeySize = 32;

    public static KeyFile Seal(string name, PrivateKey key, string passphrase, int iterations)
    {
        if (iterations is < MinIterations or > MaxIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), $"between {MinIterations} and {MaxIterations}");
        }

        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var ciphertext = new byte[SecretSize];
        var tag = new byte[TagSize];
        var secret = key.ExportSecret();
        var aesKey = DeriveKey(passphrase, salt, iterations);
        try
        {
            using var aes = new AesGcm(aesKey, TagSize);
            aes.Encrypt(nonce, secret, ciphertext, tag);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(aesKey);
        }

        return new KeyFile
        {
            Version = KeyFile.CurrentVersion,
            Name = name,
            Address = key.Address.ToString(),
            PublicKey = key.PublicKey.ToString(),
            Kdf = KeyFile.Pbkdf2Sha256,
            Iterations = iterations,
            Salt = Convert.ToHexStringLower(salt),
            Cipher = KeyFile.Aes256Gcm,
            Nonce = Convert.ToHexStringLower(nonce),
            Ciphertext = Convert.ToHexStringLower(ciphertext),
            Tag = Convert.ToHexStringLower(tag),
        };
    }

    /// <summary>
    /// Decrypts the key. A wrong passphrase (GCM tag mismatch) and a damaged file are
    /// <see cref="WalletException"/>s naming the key; nothing else escapes.
    /// </summary>
    public static PrivateKey Open(KeyFile file, string name, string passphrase)
    {
        Check(file.Version == KeyFile.CurrentVersion, name, $"unsupported version {file.Version}");
        Check(file.Kdf == KeyFile.Pbkdf2Sha256, name, $"unsupported kdf '{file.Kdf}'");
        Check(file.Cipher == KeyFile.Aes256Gcm, name, $"unsupported cipher '{file.Cipher}'");
        Check(file.Iterations is >= MinIterations and <= MaxIterations, name, $"iteration count {file.Iterations} is out of range");
        var salt = Hex(file.Salt, SaltSize, "salt", name);
        var nonce = Hex(file.Nonce, NonceSize, "nonce", name);
        var ciphertext = Hex(file.Ciphertext, SecretSize, "ciphertext", name);
        var tag = Hex(file.Tag, TagSize, "tag", name);

        var secret = new byte[SecretSize];
        var aesKey = DeriveKey(passphrase, salt, file.Iterations);
        try
        {
            using (var aes = new AesGcm(aesKey, TagSize))
            {
                aes.Decrypt(nonce, ciphertext, tag, secret);
            }

            PrivateKey key;
            try
            {
                key = PrivateKey.FromBytes(secret);
            }
            catch (FormatException)
            {
                throw Damaged(name, "the decrypted secret is not a valid key");
            }

            Check(key.Address.ToString() == file.Address, name, "the secret does not belong to the address in the file");
            return key;
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new WalletException($"wrong passphrase for key '{name}'");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(aesKey);
        }
    }

    private static byte[] DeriveKey(string passphrase, byte[] salt, int iterations)
    {
        var password = Encoding.UTF8.GetBytes(passphrase);
        try
        {
            return Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, KeySize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    private static byte[] Hex(string? text, int size, string field, string name)
    {
        if (text is null || text.Length != size * 2)
        {
            throw Damaged(name, $"{field} is not {size} bytes of hex");
        }

        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw Damaged(name, $"{field} is not hexadecimal");
        }
    }

    private static void Check(bool condition, string name, string problem)
    {
        if (!condition)
        {
            throw Damaged(name, problem);
        }
    }

    private static WalletException Damaged(string name, string problem) =>
        new($"key file for '{name}' is damaged: {problem}");
}
