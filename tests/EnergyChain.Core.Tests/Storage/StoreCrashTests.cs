using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using EnergyChain.Core.Chain;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Genesis;
using EnergyChain.Core.Storage;
using EnergyChain.Harness;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace EnergyChain.Core.Tests.Storage;

/// <summary>
/// "After a kill -9 at any point the store reopens at the last fully committed block with a matching state
/// root." Run for each store on disk (SQLite and LiteDB). A child process (tests/EnergyChain.StoreCrashChild)
/// commits blocks of 1000 transfers into one database until this test SIGKILLs it; then the database is opened here and checked; then the next
/// child carries on from whatever the store holds. Most kills are aimed at the store commit itself: the child
/// announces <c>writing h</c> just before <see cref="IBlockStore.CommitBlock"/> and <c>stored h</c> after it,
/// and the test kills a random fraction of a commit's duration after the announcement.
/// <para>
/// After every kill: <see cref="Blockchain.Open"/> succeeds (it recomputes the state root from the stored
/// accounts and compares it with the head block's); the head is at or above the last height the child
/// acknowledged (acknowledged commits are durable) and at or below the last one it started; blocks 0..head all
/// decode and link to their parents; every acknowledged height still holds the state root the child printed;
/// the tx index has every transaction of the head block; nothing is stored above the head.
/// </para>
/// <para>
/// Why this catches a non-atomic commit: if the store wrote the head pointer in its own transaction after
/// the block, transactions and accounts, a kill between the two would reopen with the head at h - 1 while the
/// accounts are already those after block h, so the recomputed root differs from block h - 1's and
/// Blockchain.Open throws Corrupted; block h would also be visible above the head. Written in the other order,
/// the head would name a block that is not there. The window is the second transaction, fsync included,
/// which the aimed kills hit often: both broken variants, tried on a scratch copy of the store, failed this
/// test within the first 10 cycles ("stored accounts hash to ... but block 5 commits to ..." and "the head
/// block 12 is missing"). What a kill -9 cannot show is a lost fsync: the OS page cache survives the process.
/// </para>
/// <para>
/// Defaults: <see cref="DefaultCycles"/> kills with seed <see cref="DefaultSeed"/>, printed to the test
/// output. Set ENERGYCHAIN_CRASH_CYCLES for a longer run and ENERGYCHAIN_CRASH_SEED to replay a schedule
/// (timings still vary with the machine).
/// </para>
/// </summary>
public sealed class StoreCrashTests : IDisposable
{
    public const int DefaultCycles = 24;
    public const int DefaultSeed = 20261122;
    private const string CyclesVariable = "ENERGYCHAIN_CRASH_CYCLES";
    private const string SeedVariable = "ENERGYCHAIN_CRASH_SEED";
    private const int TxsPerBlock = 1000;
    private const int Users = 64;
    private const string ChainSeed = "crash";
    private const int MaxExtraCycles = 20;
    private static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(60);

    private readonly ITestOutputHelper _output;
    private readonly string _directory = Directory.CreateTempSubdirectory("energychain-crash-").FullName;

    public StoreCrashTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private enum KillAim
    {
        /// <summary>A random moment after the start: may land in startup, opening, or writing genesis.</summary>
        Startup,
        /// <summary>A random moment after the chain opened: mostly while a block is being built.</summary>
        Anytime,
        /// <summary>A random fraction of a commit's duration after the child announced a store commit.</summary>
        Commit,
    }

    private enum KillOutcome
    {
        /// <summary>Killed before the store had a head.</summary>
        EmptyStore,
        /// <summary>Killed outside a store commit.</summary>
        OutsideCommit,
        /// <summary>Killed inside CommitBlock; the store reopened without that block.</summary>
        InCommitRolledBack,
        /// <summary>Killed inside CommitBlock after the database commit: the block is there but was never reported.</summary>
        InCommitDurable,
        /// <summary>Killed after the store commit returned, before the child printed "committed".</summary>
        AfterCommitUnacknowledged,
    }

    [Theory]
    [InlineData(BlockStoreKind.Sqlite)]
    [InlineData(BlockStoreKind.LiteDb)]
    public void KilledAtRandomPoints_ReopensAtTheLastCommittedBlockWithMatchingStateRoot(BlockStoreKind kind)
    {
        var cycles = ReadPositiveInt(CyclesVariable) ?? DefaultCycles;
        var seed = ReadPositiveInt(SeedVariable) ?? DefaultSeed;
        _output.WriteLine($"crash test ({BlockStores.Name(kind)}): seed {seed} ({SeedVariable}), {cycles} cycles ({CyclesVariable}), {TxsPerBlock} txs per block, {Users} users");

        var reference = new TestChain(users: Users, seed: ChainSeed);
        var run = new CrashRun(kind, Path.Combine(_directory, BlockStores.FileName(kind)), reference.Genesis, reference.Signatures, seed);
        var random = new Random(seed);
        var outcomes = new Dictionary<KillOutcome, int>();
        var clock = Stopwatch.StartNew();

        // The planned cycles, then (only if no kill happened to land inside a commit yet) aimed extra ones, so
        // the run never passes without having interrupted a commit.
        for (var cycle = 0; cycle < cycles + MaxExtraCycles; cycle++)
        {
            if (cycle >= cycles && outcomes.ContainsKey(KillOutcome.InCommitRolledBack))
            {
                break;
            }

            var aim = cycle >= cycles ? KillAim.Commit : random.Next(8) switch
            {
                0 => KillAim.Startup,
                1 or 2 => KillAim.Anytime,
                _ => KillAim.Commit,
            };
            var outcome = run.Cycle(cycle, aim, random, out var summary);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            _output.WriteLine($"cycle {cycle,3} aim {aim,-7} -> {outcome,-25} {summary}");
        }

        var table = string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"));
        _output.WriteLine($"{outcomes.Values.Sum()} kills in {clock.Elapsed.TotalSeconds:F1} s, final head {run.Head}: {table}");
        Assert.True(
            outcomes.ContainsKey(KillOutcome.InCommitRolledBack),
            $"seed {seed}: no kill landed inside a store commit in {outcomes.Values.Sum()} tries ({table}); the test proved nothing");
        Assert.True(run.Head > 0, $"seed {seed}: the child never committed a block");
    }

    private static int? ReadPositiveInt(string variable)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"{variable} must be a positive whole number, not '{text}'");
    }

    /// <summary>One database killed over and over, and what the children acknowledged across all runs.</summary>
    private sealed class CrashRun(BlockStoreKind kind, string database, GenesisDocument genesis, SignatureVerifier signatures, int seed)
    {
        private readonly Dictionary<ulong, Hash256> _acknowledged = new();
        private ulong? _lastAcknowledged;
        private double _commitMilliseconds = 15;
        private string _aimNote = string.Empty;

        /// <summary>The head found by the last check (0 before any block).</summary>
        public ulong Head { get; private set; }

        public KillOutcome Cycle(int cycle, KillAim aim, Random random, out string summary)
        {
            var context = $"seed {seed}, cycle {cycle}, aim {aim}";
            var lines = RunAndKill(aim, random, context);

            ulong? lastWriting = null, lastStored = null, lastCommitted = null;
            var acknowledgedNow = 0;
            foreach (var line in lines)
            {
                var parts = line.Split(' ');
                var height = ulong.Parse(parts[1], CultureInfo.InvariantCulture);
                switch (parts[0])
                {
                    case "writing":
                        lastWriting = height;
                        break;
                    case "stored":
                        lastStored = height;
                        break;
                    case "ready" or "committed":
                        Acknowledge(height, Hash256.Parse(parts[2]), context);
                        lastCommitted = height;
                        acknowledgedNow++;
                        break;
                    default:
                        throw new InvalidOperationException($"{context}: unexpected line from the child: {line}");
                }
            }

            var checking = Stopwatch.StartNew();
            var head = Check(context, Math.Max(Head, lastWriting ?? 0));
            var acked = _lastAcknowledged?.ToString(CultureInfo.InvariantCulture) ?? "-";
            summary = $"head {head?.ToString(CultureInfo.InvariantCulture) ?? "-",4} (acked up to {acked}, {acknowledgedNow} acks this run, checked in {checking.ElapsedMilliseconds} ms){_aimNote}";

            if (head is null)
            {
                return KillOutcome.EmptyStore;
            }

            if (lastWriting is { } writing && lastStored != writing)
            {
                Assert.True(head == writing || head + 1 == writing, $"{context}: killed while writing {writing} but the store reopened at {head}");
                return head == writing ? KillOutcome.InCommitDurable : KillOutcome.InCommitRolledBack;
            }

            return lastStored is { } stored && stored != lastCommitted && head == stored
                ? KillOutcome.AfterCommitUnacknowledged
                : KillOutcome.OutsideCommit;
        }

        private void Acknowledge(ulong height, Hash256 root, string context)
        {
            if (_acknowledged.TryGetValue(height, out var earlier))
            {
                Assert.True(earlier == root, $"{context}: height {height} was acknowledged with root {earlier} and later with {root}");
            }

            _acknowledged[height] = root;
            _lastAcknowledged = Math.Max(_lastAcknowledged ?? 0, height);
        }

        /// <summary>Starts the child, kills it as aimed, and returns every line it printed.</summary>
        private List<string> RunAndKill(KillAim aim, Random random, string context)
        {
            // Draw everything up front so a seed always produces the same schedule.
            var startupDelay = random.Next(600);
            var anytimeDelay = random.Next(300);
            var commitsToSkip = random.Next(3);
            var commitFraction = random.NextDouble() * 1.25;
            _aimNote = string.Empty;

            var info = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // The child exits when its stdin closes, so it cannot outlive this process even if we are killed.
            info.Environment["ENERGYCHAIN_CRASH_CHILD_WATCH_STDIN"] = "1";
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EnergyChain.StoreCrashChild.dll"));
            info.ArgumentList.Add(BlockStores.Name(kind));
            info.ArgumentList.Add(database);
            info.ArgumentList.Add(ChainSeed);
            info.ArgumentList.Add(TxsPerBlock.ToString(CultureInfo.InvariantCulture));
            info.ArgumentList.Add(Users.ToString(CultureInfo.InvariantCulture));

            using var process = new Process { StartInfo = info };
            var lines = new BlockingCollection<(long At, string Line)>();
            var seen = new List<string>();
            var writingAt = new Dictionary<string, long>();
            Thread? reader = null;
            try
            {
                process.Start();
                try
                {
                    // Below this process, so that on a busy machine the test wakes up on time to aim its kill.
                    process.PriorityClass = ProcessPriorityClass.BelowNormal;
                }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already gone (reported below) or not allowed: the kills are just aimed less precisely.
                }

                var stderr = process.StandardError.ReadToEndAsync();
                reader = new Thread(() =>
                {
                    try
                    {
                        while (process.StandardOutput.ReadLine() is { } line)
                        {
                            lines.Add((Stopwatch.GetTimestamp(), line));
                        }
                    }
                    catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
                    {
                        // The cycle failed and tore everything down; nobody reads these lines any more.
                    }
                    finally
                    {
                        lines.CompleteAdding();
                    }
                })
                { IsBackground = true, Name = "crash child stdout" };
                reader.Start();

                long lastAt = 0;
                // Returns the first line (from now on) starting with prefix, or fails if the child died.
                string WaitFor(string prefix)
                {
                    while (true)
                    {
                        if (!lines.TryTake(out var item, LineTimeout))
                        {
                            if (lines.IsCompleted)
                            {
                                process.WaitForExit();
                                Assert.Fail($"{context}: the child exited by itself ({ExitCode(process)}): {stderr.GetAwaiter().GetResult()}");
                            }

                            throw new TimeoutException($"{context}: the child printed no '{prefix}' line within {LineTimeout}");
                        }

                        seen.Add(item.Line);
                        lastAt = item.At;
                        Learn(item, writingAt);
                        if (item.Line.StartsWith(prefix, StringComparison.Ordinal))
                        {
                            return item.Line;
                        }
                    }
                }

                switch (aim)
                {
                    case KillAim.Startup:
                        Thread.Sleep(startupDelay);
                        break;
                    case KillAim.Anytime:
                        WaitFor("ready ");
                        Thread.Sleep(anytimeDelay);
                        break;
                    case KillAim.Commit:
                        WaitFor("ready ");
                        for (var i = 0; i < commitsToSkip; i++)
                        {
                            WaitFor("writing ");
                        }

                        var announced = WaitFor("writing ");
                        var window = _commitMilliseconds;
                        var delay = commitFraction * window;
                        SleepUntil(lastAt + (long)(delay * Stopwatch.Frequency / 1000));
                        _aimNote = $"; kill aimed {delay:F1} ms into a ~{window:F1} ms commit of block {announced["writing ".Length..]}";
                        break;
                }

                if (process.HasExited)
                {
                    // (Only read stderr once the child is gone: ReadToEnd completes at its exit.)
                    Assert.Fail($"{context}: the child exited by itself ({ExitCode(process)}): {stderr.GetAwaiter().GetResult()}");
                }

                // On Linux this SIGSTOPs the child first (so the moment is this one), then SIGKILLs it and its tree.
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                reader.Join();
                foreach (var item in lines.GetConsumingEnumerable())
                {
                    seen.Add(item.Line);
                    Learn(item, writingAt);
                }

                // Only our SIGKILL may have ended it: an exception in the child would exit differently.
                var expected = OperatingSystem.IsWindows() ? -1 : 128 + 9;
                if (process.ExitCode != expected)
                {
                    Assert.Fail($"{context}: the child exited with {process.ExitCode}, not by the kill: {stderr.GetAwaiter().GetResult()}");
                }

                return seen;
            }
            finally
            {
                // However the cycle ends, no child outlives it.
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                        process.WaitForExit();
                    }
                }
                catch (InvalidOperationException)
                {
                    // Never started, or already gone.
                }

                // The child is dead, so its stdout is at EOF and the reader ends; only then may lines go.
                if (reader is null || reader.Join(TimeSpan.FromSeconds(30)))
                {
                    lines.Dispose();
                }
            }
        }

        /// <summary>Keeps a running average of how long a store commit takes, to aim the kills.</summary>
        private void Learn((long At, string Line) item, Dictionary<string, long> writingAt)
        {
            var space = item.Line.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                return;
            }

            var height = item.Line[(space + 1)..].Split(' ')[0];
            if (item.Line.StartsWith("writing ", StringComparison.Ordinal))
            {
                writingAt[height] = item.At;
            }
            else if (item.Line.StartsWith("stored ", StringComparison.Ordinal) && writingAt.TryGetValue(height, out var start) && height != "0")
            {
                var milliseconds = (item.At - start) * 1000.0 / Stopwatch.Frequency;
                _commitMilliseconds = (0.8 * _commitMilliseconds) + (0.2 * milliseconds);
            }
        }

        /// <summary>Opens the store the child left behind and checks it; returns the head, or null if empty.</summary>
        private ulong? Check(string context, ulong highestStarted)
        {
            using var store = BlockStores.Open(kind, database);
            if (store.ReadHead() is null)
            {
                // Killed before genesis was committed. Blockchain.Open would write genesis, so do not call it.
                Assert.True(_lastAcknowledged is null, $"{context}: the store is empty but height {_lastAcknowledged} was acknowledged");
                Assert.Null(store.GetBlock(0));
                Assert.Empty(store.ReadAccounts());
                return null;
            }

            Blockchain chain;
            try
            {
                chain = Blockchain.Open(store, genesis, signatures);
            }
            catch (StoreException e)
            {
                throw new InvalidOperationException($"{context}: the store does not reopen: {e.Error}: {e.Message}", e);
            }

            var head = chain.Head.Height;
            Assert.True(head >= (_lastAcknowledged ?? 0), $"{context}: the store reopened at {head} but {_lastAcknowledged} was acknowledged");
            Assert.True(head <= highestStarted, $"{context}: the store reopened at {head} but no commit above {highestStarted} was started");
            Assert.Equal(new StoredHead(head, chain.Head.Hash), store.ReadHead());

            var parent = genesis.Hash;
            for (var height = 0UL; height <= head; height++)
            {
                var block = store.GetBlock(height);
                Assert.True(block is not null, $"{context}: block {height} is missing below the head {head}");
                Assert.Equal(height, block.Height);
                Assert.True(block.Header.ParentHash == parent, $"{context}: block {height} does not link to block {height - 1}");
                if (_acknowledged.TryGetValue(height, out var root))
                {
                    Assert.True(block.Header.StateRoot == root, $"{context}: block {height} has root {block.Header.StateRoot}, the child acknowledged {root}");
                }

                parent = block.Hash;
            }

            Assert.Equal(chain.Head.Hash, parent);
            var headBlock = store.GetBlock(chain.Head.Hash);
            Assert.NotNull(headBlock);
            for (var i = 0; i < headBlock.Transactions.Count; i++)
            {
                Assert.Equal(new TxLocation(head, i), store.GetTxLocation(headBlock.Transactions[i].Hash));
            }

            Assert.Null(store.GetBlock(head + 1));
            Head = head;
            return head;
        }
    }

    /// <summary>Sleeps, then spins the last stretch: a kill aimed into a commit of a few ms needs sub-ms timing.</summary>
    private static void SleepUntil(long timestamp)
    {
        var remaining = (timestamp - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
        if (remaining > 2)
        {
            Thread.Sleep((int)remaining - 1);
        }

        while (Stopwatch.GetTimestamp() < timestamp)
        {
            Thread.SpinWait(20);
        }
    }

    private static string ExitCode(Process process) => process.HasExited ? $"exit code {process.ExitCode}" : "running";

    /// <summary>The dotnet host running these tests, to run the child's dll with.</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
