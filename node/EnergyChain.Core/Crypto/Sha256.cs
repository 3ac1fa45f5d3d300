using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace EnergyChain.Core.Crypto;

/// <summary>
/// SHA-256 for the many small inputs a node hashes (transactions, Merkle and state-tree nodes, addresses).
/// <para>
/// <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> goes through OpenSSL's EVP layer on Linux:
/// every call allocates a digest context, fetches the algorithm and clears the thread's error queue, which
/// costs several times the hashing itself for a 65-byte tree node (a cluster profile showed ERR_clear_error
/// alone at 5 % of all CPU). OpenSSL's low-level SHA256_Init/Update/Final run the same compression function
/// (with the SHA extensions where the CPU has them) on a context on our stack, without that overhead. They are
/// used when the process can load them; otherwise, and on other platforms, this falls back to the BCL. Both
/// compute the same standard function, so which one a node uses never changes a hash.
/// </para>
/// </summary>
public static unsafe class Sha256
{
    public const int DigestSize = 32;

    // Inputs up to this size are hashed without the GC transition: a few microseconds at most (4 KB), so the call
    // cannot hold up a garbage collection noticeably; the transition itself would cost more than a 65-byte hash.
    private const int NoTransitionLimit = 4096;

    // OpenSSL's SHA256_CTX is 112 bytes (h[8], Nl, Nh, data[16], num, md_len); room to spare.
    private const int ContextSize = 128;

    private static readonly string[] LibraryNames = ["libcrypto.so.3", "libcrypto.so"];
    private static readonly Native? Library = Native.TryLoad();

    /// <summary>Whether hashing uses OpenSSL's low-level functions (true) or the BCL (false).</summary>
    public static bool IsNative => Library is not null;

    public static void HashData(ReadOnlySpan<byte> data, Span<byte> digest) => HashData([], data, digest);

    /// <summary>SHA-256 over <paramref name="prefix"/> followed by <paramref name="data"/>, without joining them.</summary>
    public static void HashData(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> data, Span<byte> digest)
    {
        if (digest.Length < DigestSize)
        {
            throw new ArgumentException($"a SHA-256 digest needs {DigestSize} bytes", nameof(digest));
        }

        if (Library is { } native)
        {
            var context = stackalloc byte[ContextSize];
            fixed (byte* head = prefix)
            fixed (byte* input = data)
            fixed (byte* output = digest)
            {
                native.Init(context);
                native.Append(context, head, prefix.Length);
                native.Append(context, input, data.Length);
                native.Final(output, context);
            }

            return;
        }

        if (prefix.IsEmpty)
        {
            SHA256.HashData(data, digest);
        }
        else if (prefix.Length + data.Length <= 1024)
        {
            Span<byte> joined = stackalloc byte[prefix.Length + data.Length];
            prefix.CopyTo(joined);
            data.CopyTo(joined[prefix.Length..]);
            SHA256.HashData(joined, digest);
        }
        else
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha.AppendData(prefix);
            sha.AppendData(data);
            sha.GetHashAndReset(digest);
        }
    }

    private sealed class Native
    {
        public readonly delegate* unmanaged[SuppressGCTransition]<byte*, int> Init;
        public readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int> UpdateFast;
        public readonly delegate* unmanaged<byte*, byte*, nuint, int> Update;
        public readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int> Final;

        public void Append(byte* context, byte* input, int length)
        {
            if (length == 0)
            {
                return;
            }

            if (length <= NoTransitionLimit)
            {
                UpdateFast(context, input, (nuint)length);
            }
            else
            {
                Update(context, input, (nuint)length);
            }
        }

        private Native(nint library)
        {
            Init = (delegate* unmanaged[SuppressGCTransition]<byte*, int>)NativeLibrary.GetExport(library, "SHA256_Init");
            var update = NativeLibrary.GetExport(library, "SHA256_Update");
            UpdateFast = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int>)update;
            Update = (delegate* unmanaged<byte*, byte*, nuint, int>)update;
            Final = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int>)NativeLibrary.GetExport(library, "SHA256_Final");
        }

        public static Native? TryLoad()
        {
            if (string.Equals(Environment.GetEnvironmentVariable("ENERGYCHAIN_SHA256"), "bcl", StringComparison.OrdinalIgnoreCase)
                || !OperatingSystem.IsLinux())
            {
                return null;
            }

            foreach (var name in LibraryNames)
            {
                if (!NativeLibrary.TryLoad(name, out var handle))
                {
                    continue;
                }

                try
                {
                    var native = new Native(handle);
                    return native.SelfTest() ? native : null;
                }
                catch (EntryPointNotFoundException)
                {
                    // Built without the deprecated low-level API: keep looking, then fall back to the BCL.
                }
            }

            return null;
        }

        /// <summary>A library that does not reproduce the standard's test vector is never used.</summary>
        private bool SelfTest()
        {
            ReadOnlySpan<byte> abc = "abc"u8;
            var context = stackalloc byte[ContextSize];
            Span<byte> digest = stackalloc byte[DigestSize];
            fixed (byte* input = abc)
            fixed (byte* output = digest)
            {
                if (Init(context) != 1 || UpdateFast(context, input, (nuint)abc.Length) != 1 || Final(output, context) != 1)
                {
                    return false;
                }
            }

            return digest.SequenceEqual(Convert.FromHexString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        }
    }
}
