using System.Buffers.Binary;
using EnergyChain.Core.Blocks;
using EnergyChain.Core.Codec;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.State;
using LiteDB;

namespace EnergyChain.Core.Storage;

/// <summary>
/// The block store on LiteDB 5 (one file plus its <c>-log</c> journal, opened in direct mode by this process only).
/// Each <see cref="CommitBlock"/> is one LiteDB transaction holding the block, its transaction index entries, the
/// account changes, the undo data, the finality proof and the head pointer (each <see cref="RevertHead"/> one
/// transaction taking them back). LiteDB replays only confirmed transactions from its journal on open, so an
/// interrupted commit leaves no trace. Reads run on other threads, each in its own snapshot of the last commit.
/// <para>
/// LiteDB's own rules this store works around: a transaction belongs to the thread that began it, so a commit
/// begins, writes and ends on the calling thread under <see cref="_writeLock"/>; BSON has no unsigned 64-bit
/// integer, so heights are stored as Int64 (a height above <see cref="long.MaxValue"/> is simply not stored);
/// a document holds at most about 16 MiB, while a block may be 30 MiB (maxBlockBytes) and an undo record more,
/// so block, undo and finality bytes are split into <see cref="ChunkBytes"/> chunks.
/// </para>
/// </summary>
public sealed partial class LiteDbBlockStore : IBlockStore
{
    /// <summary>The largest piece of a block, undo record or finality proof kept in one document.</summary>
    internal const int ChunkBytes = 1024 * 1024;

    private const int SchemaVersion = 1;
    private const byte BlockKind = (byte)'b';
    private const byte UndoKind = (byte)'u';
    private const byte FinalityKind = (byte)'f';
    private const int ChunkKeySize = 1 + 8 + 4;

    // LiteDB 5's header page: the marker at bytes 32-58, then the file format version (8).
    private const int HeaderMarkerOffset = 32;
    private const byte FileVersion = 8;
    private static ReadOnlySpan<byte> HeaderMarker => "** This is a LiteDB file **"u8;

    private readonly LiteDatabase _db;
    private readonly ILiteCollection<BsonDocument> _blocks;
    private readonly ILiteCollection<BsonDocument> _chunks;
    private readonly ILiteCollection<BsonDocument> _accounts;
    private readonly ILiteCollection<BsonDocument> _txs;
    private readonly ILiteCollection<BsonDocument> _meta;
    private readonly Lock _writeLock = new();
    private readonly string _journalPath;
    private volatile bool _disposed;

    private LiteDbBlockStore(LiteDatabase db, BlockStoreOptions options, string path)
    {
        _db = db;
        UndoDepth = options.UndoDepth;
        Path = path;
        _journalPath = JournalPath(path);

        // blocks: {_id: height, hash}; chunks: {_id: kind|height|part, d: bytes, n: parts (part 0)};
        // accounts: {_id: address, d: account}; txs: {_id: tx hash, h: height, i: index}; meta: {_id: name, v}.
        _blocks = db.GetCollection("blocks");
        _chunks = db.GetCollection("chunks");
        _accounts = db.GetCollection("accounts");
        _txs = db.GetCollection("txs");
        _meta = db.GetCollection("meta");
    }

    public ulong UndoDepth { get; }

    public string Path { get; }

    /// <summary>Opens (creating if needed) the LiteDB file at <paramref name="path"/>.</summary>
    public static LiteDbBlockStore Open(string path, BlockStoreOptions? options = null)
    {
        LiteDatabase? db = null;
        try
        {
            EnsureLiteDbFileOrNone(path);
            db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct, Upgrade = false });
            var store = new LiteDbBlockStore(db, options ?? new BlockStoreOptions(), path);
            store.CreateOrCheckSchema();
            return store;
        }
        catch (StoreException)
        {
            db?.Dispose();
            throw;
        }
        catch (Exception e)
        {
            // LiteDB answers a damaged or foreign file with a variety of exception types (LiteException, casts,
            // index out of range): all mean the same to the operator.
            DisposeQuietly(db);
            throw new StoreException(StoreError.Unavailable, $"cannot open the block store at {path}: {e.Message}", e);
        }
    }

    public StoredHead? ReadHead() => Read(ReadHeadCore);

    /// <summary>Where LiteDB keeps the journal of the database at <paramref name="path"/>: chain.litedb -> chain-log.litedb.</summary>
    public static string JournalPath(string path) => System.IO.Path.Combine(
        System.IO.Path.GetDirectoryName(path) ?? string.Empty,
        System.IO.Path.GetFileNameWithoutExtension(path) + "-log" + System.IO.Path.GetExtension(path));

    /// <summary>
    /// Refuses a file that is not a LiteDB 5 database before LiteDB sees it: LiteDB 5.0.21 silently replaces a
    /// short foreign file with an empty database, and truncates a longer one to whole pages before it fails.
    /// </summary>
    private static void EnsureLiteDbFileOrNone(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (file.Length == 0)
        {
            return; // created by an open that was killed before LiteDB wrote its header: nothing to lose
        }

        Span<byte> header = stackalloc byte[HeaderMarkerOffset + HeaderMarker.Length + 1];
        if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
            || !header.Slice(HeaderMarkerOffset, HeaderMarker.Length).SequenceEqual(HeaderMarker)
            || header[^1] != FileVersion)
        {
            throw new StoreException(StoreError.Unavailable, $"cannot open the block store at {path}: not a database (no LiteDB 5 header; left untouched)");
        }
    }

    public Block? GetBlock(ulong height) =>
        height > long.MaxValue ? null : Read(() => ReadBlock(height));

    public Block? GetBlock(Hash256 hash) => Read(() =>
    {
        var doc = _blocks.FindOne(Query.EQ("hash", new BsonValue(hash.ToArray())));
        return doc is null ? null : ReadBlock(AsHeight(doc["_id"], "block height"));
    });

    public byte[]? GetFinalityProof(ulong height) =>
        height > long.MaxValue ? null : Read(() => ReadBlob(FinalityKind, height));

    public TxLocation? GetTxLocation(Hash256 txHash) => Read(() =>
    {
        var doc = _txs.FindById(new BsonValue(txHash.ToArray()));
        if (doc is null)
        {
            return (TxLocation?)null;
        }

        if (!doc["i"].IsInt32)
        {
            throw new StoreException(StoreError.Corrupted, $"the index entry of transaction {txHash} is damaged");
        }

        return new TxLocation(AsHeight(doc["h"], "transaction height"), doc["i"].AsInt32);
    });

    public Account? GetAccount(Address address) => Read(() =>
    {
        var doc = _accounts.FindById(new BsonValue(address.ToArray()));
        return doc is null ? (Account?)null : DecodeAccount(AsBinary(doc["d"], "account"));
    });

    public IEnumerable<KeyValuePair<Address, Account>> ReadAccounts() => Read(() =>
    {
        // The _id index orders binary keys byte by byte, which is address order; checked below rather than trusted.
        var accounts = new List<KeyValuePair<Address, Account>>();
        foreach (var doc in _accounts.Find(Query.All("_id", Query.Ascending)))
        {
            var key = AsBinary(doc["_id"], "account key");
            if (key.Length != Address.Size)
            {
                throw new StoreException(StoreError.Corrupted, "an account key is damaged");
            }

            var address = new Address(key);
            if (accounts.Count > 0 && accounts[^1].Key.CompareTo(address) >= 0)
            {
                throw new StoreException(StoreError.Corrupted, "the accounts are not in address order");
            }

            accounts.Add(new(address, DecodeAccount(AsBinary(doc["d"], "account"))));
        }

        return accounts;
    });

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            DisposeQuietly(_db);
        }
    }

    private StoredHead? ReadHeadCore()
    {
        var doc = _meta.FindById("head");
        if (doc is null)
        {
            return null;
        }

        var value = AsBinary(doc["v"], "head pointer");
        if (value.Length != 8 + Hash256.Size)
        {
            throw new StoreException(StoreError.Corrupted, "the head pointer is damaged");
        }

        var reader = new CanonicalReader(value);
        return new StoredHead(reader.ReadU64(), new Hash256(reader.ReadFixed(Hash256.Size, "head hash")));
    }

    private Block? ReadBlock(ulong height)
    {
        var data = ReadBlob(BlockKind, height);
        if (data is null)
        {
            return null;
        }

        try
        {
            return Block.Decode(data);
        }
        catch (DecodeException e)
        {
            throw new StoreException(StoreError.Corrupted, $"a stored block cannot be decoded: {e.Message}", e);
        }
    }

    /// <summary>The bytes stored under (<paramref name="kind"/>, <paramref name="height"/>), joined from their chunks.</summary>
    private byte[]? ReadBlob(byte kind, ulong height)
    {
        var first = _chunks.FindById(ChunkKey(kind, height, 0));
        if (first is null)
        {
            return null;
        }

        var head = AsBinary(first["d"], "chunk");
        var parts = first["n"].IsInt32 ? first["n"].AsInt32 : throw new StoreException(StoreError.Corrupted, $"the chunk count of {(char)kind} {height} is damaged");
        if (parts == 1)
        {
            return head;
        }

        var data = new List<byte>(parts * ChunkBytes);
        data.AddRange(head);
        for (var part = 1; part < parts; part++)
        {
            var doc = _chunks.FindById(ChunkKey(kind, height, (uint)part))
                ?? throw new StoreException(StoreError.Corrupted, $"chunk {part} of {(char)kind} {height} is missing");
            data.AddRange(AsBinary(doc["d"], "chunk"));
        }

        return data.ToArray();
    }

    /// <summary>kind | height (big-endian) | part (big-endian): the _id index keeps a height's chunks together and heights in order.</summary>
    private static BsonValue ChunkKey(byte kind, ulong height, uint part)
    {
        var key = new byte[ChunkKeySize];
        key[0] = kind;
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(1), height);
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(9), part);
        return new BsonValue(key);
    }

    private T Read<T>(Func<T> query)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return query();
        }
        catch (LiteException e)
        {
            throw new StoreException(StoreError.Unavailable, $"block store read failed: {e.Message}", e);
        }
    }

    private void CreateOrCheckSchema()
    {
        var stored = _meta.FindById("schema");
        if (stored is not null && (!stored["v"].IsInt32 || stored["v"].AsInt32 != SchemaVersion))
        {
            throw new StoreException(StoreError.Unavailable, $"the block store at {Path} uses schema {stored["v"]}, this node knows {SchemaVersion}");
        }

        if (stored is null)
        {
            _blocks.EnsureIndex("hash", unique: true);
            _meta.Upsert(new BsonDocument { ["_id"] = "schema", ["v"] = SchemaVersion });
        }
    }

    private static ulong AsHeight(BsonValue value, string what) =>
        value.IsInt64 && value.AsInt64 >= 0 ? (ulong)value.AsInt64 : throw new StoreException(StoreError.Corrupted, $"a stored {what} is not a height but {value.Type}");

    /// <summary>A stored value that must be binary; anything else was written by something other than this store.</summary>
    private static byte[] AsBinary(BsonValue value, string what) =>
        value.IsBinary ? value.AsBinary : throw new StoreException(StoreError.Corrupted, $"a stored {what} is not binary but {value.Type}");

    private static Account DecodeAccount(byte[] data)
    {
        try
        {
            return Account.Decode(data);
        }
        catch (DecodeException e)
        {
            throw new StoreException(StoreError.Corrupted, $"a stored account cannot be decoded: {e.Message}", e);
        }
    }

    private static void DisposeQuietly(LiteDatabase? db)
    {
        try
        {
            db?.Dispose();
        }
        catch (Exception e) when (e is LiteException or IOException)
        {
            // A store that failed to open, or is closing: what was committed is in the journal already.
        }
    }
}
