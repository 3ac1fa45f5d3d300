using System.Globalization;
using System.Text;
using EnergyChain.Vm.Assembly;
using EnergyChain.Vm.Execution;
using EnergyChain.Vm.Tests.Support;
using EnergyChain.Vm.Verification;
using Xunit.Abstractions;

namespace EnergyChain.Vm.Tests.Execution;

/// <summary>
/// Random bytes, mutated valid modules and generated stack-correct programs. For each: decode+verify rejects it
/// with a typed error, or it runs, twice, to identical results within its gas. Seeded, so a failure replays.
/// ENERGYCHAIN_FUZZ_PROGRAMS raises the count for a longer run.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const long GasLimit = 3_000;

    [Fact]
    public void Random_and_mutated_programs_are_rejected_or_run_deterministically()
    {
        var total = int.TryParse(Environment.GetEnvironmentVariable("ENERGYCHAIN_FUZZ_PROGRAMS"), out var n) ? n : 100_000;
        var random = new Random(20261201);
        var corpus = Corpus();
        var engineA = new VmEngine();
        var engineB = new VmEngine();
        int ran = 0, ok = 0;
        for (var i = 0; i < total; i++)
        {
            byte[] bytes;
            switch (i % 4)
            {
                case 0:
                    bytes = RandomBytes(random);
                    break;
                case 1:
                    bytes = Mutate(random, corpus[random.Next(corpus.Count)]);
                    break;
                default:
                    bytes = Assembler.AssembleBytes(Generate(random));
                    if (i % 4 == 3)
                    {
                        bytes = Mutate(random, bytes);
                    }

                    break;
            }

            if (!ContractProgram.TryLoad(bytes, VmLimits.Default, out var program, out var error))
            {
                Assert.NotNull(error);
                continue;
            }

            ran++;
            var function = random.Next(program!.FunctionCount);
            var args = Enumerable.Range(0, program.ParameterCount(function))
                .Select(_ => random.Next(4) == 0 ? VmValue.FromBytes([(byte)random.Next(256)]) : VmValue.FromInt(random.NextInt64(-5, 5)))
                .ToArray();
            var first = engineA.Execute(program, function, args, GasLimit, new TestHost());
            var second = engineB.Execute(program, function, args, GasLimit, new TestHost());
            Assert.True(first.Equals(second), $"program {i}: {first} vs {second}");
            Assert.InRange(first.GasUsed, 0, GasLimit);
            if (first.Status == VmStatus.Ok)
            {
                ok++;
                Assert.Equal(program.ReturnCount(function), first.Stack.Count);
            }
        }

        output.WriteLine($"{total} programs: {ran} verified and ran, {ok} returned Ok");

        // The generator must actually reach the interpreter, or this test proves little.
        Assert.True(ran > total / 5, $"only {ran} of {total} programs verified");
        Assert.True(ok > total / 50, $"only {ok} of {total} programs ran to completion");
    }

    private static List<byte[]> Corpus()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "Contracts");
        return Directory.EnumerateFiles(dir, "*.ecasm").Order(StringComparer.Ordinal)
            .Select(f => Assembler.AssembleBytes(File.ReadAllText(f))).ToList();
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 80)];
        random.NextBytes(bytes);
        if (bytes.Length >= 5 && random.Next(2) == 0)
        {
            "ECVM\u0001"u8.CopyTo(bytes);
        }

        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] source)
    {
        var bytes = source.ToList();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 3:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>
    /// A program that tracks its own stack height so most outputs verify: ops are chosen to fit the height,
    /// backward jumps go only to instructions entered at the height the jump leaves, and each function ends by
    /// trimming to its return count.
    /// </summary>
    private static string Generate(Random random)
    {
        const int maxStack = 6;
        var inv = CultureInfo.InvariantCulture;
        var functions = random.Next(1, 4);

        // Mostly integers: byte strings in arithmetic only fault, and the interesting paths are the ones that run.
        var sigs = Enumerable.Range(0, functions).Select(_ => (P: random.Next(0, 3), L: random.Next(0, 3), R: random.Next(0, 3))).ToArray();
        var sb = new StringBuilder();
        string[] nullary = ["push", "push", "push", "pushb", "ldloc", "ldloc", "syscall5", "syscall6"];
        string[] unary = ["dup", "drop", "neg", "not", "bnot", "len", "sha256", "stloc", "jz", "jnz", "assert", "pick"];
        string[] binary = ["add", "sub", "mul", "div", "mod", "eq", "ne", "lt", "le", "gt", "ge", "and", "or", "xor", "shl", "shr", "swap", "cat", "beq", "syscall4"];
        string[] ternary = ["muldiv", "slice"];
        for (var f = 0; f < functions; f++)
        {
            var (p, l, r) = sigs[f];
            sb.Append(inv, $"func f{f} {p} {l} {maxStack} {r}\n");
            var heights = new List<int>();
            var h = 0;
            var length = random.Next(1, 30);
            for (var k = 0; k < length; k++)
            {
                sb.Append(inv, $"L{k}: ");
                heights.Add(h);
                string op;
                var menu = new List<string>();
                if (h < maxStack - 1)
                {
                    menu.AddRange(nullary);
                }

                if (h >= 1)
                {
                    menu.AddRange(unary);
                }

                if (h >= 2)
                {
                    menu.AddRange(binary);
                }

                if (h >= 3)
                {
                    menu.AddRange(ternary);
                }

                menu.Add("jmp");
                menu.Add("call");
                op = menu[random.Next(menu.Count)];
                switch (op)
                {
                    case "push":
                        sb.Append(inv, $"push {(random.Next(8) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : random.Next(-3, 70))}\n");
                        h++;
                        break;
                    case "pushb":
                        sb.Append(random.Next(2) == 0 ? "pushb \"ab\"\n" : "pushb 0x00\n");
                        h++;
                        break;
                    case "ldloc":
                        if (p + l == 0)
                        {
                            sb.Append("nop\n");
                            break;
                        }

                        sb.Append(inv, $"ldloc {random.Next(p + l)}\n");
                        h++;
                        break;
                    case "stloc":
                        if (p + l == 0)
                        {
                            sb.Append("drop\n");
                        }
                        else
                        {
                            sb.Append(inv, $"stloc {random.Next(p + l)}\n");
                        }

                        h--;
                        break;
                    case "syscall5":
                    case "syscall6":
                        sb.Append(inv, $"syscall {op[^1]} 0 1\n");
                        h++;
                        break;
                    case "syscall4":
                        sb.Append("syscall 4 2 1\n");
                        h--;
                        break;
                    case "dup":
                        if (h >= maxStack - 1)
                        {
                            sb.Append("nop\n");
                            break;
                        }

                        sb.Append("dup\n");
                        h++;
                        break;
                    case "pick":
                        if (h >= maxStack - 1)
                        {
                            sb.Append("nop\n");
                            break;
                        }

                        sb.Append(inv, $"pick {random.Next(h)}\n");
                        h++;
                        break;
                    case "drop":
                        sb.Append("drop\n");
                        h--;
                        break;
                    case "assert":
                        sb.Append(inv, $"assert {random.Next(5)}\n");
                        h--;
                        break;
                    case "jz":
                    case "jnz":
                    case "jmp":
                        {
                            var after = op == "jmp" ? h : h - 1;
                            var targets = Enumerable.Range(0, heights.Count).Where(t => heights[t] == after).ToList();
                            if (targets.Count == 0)
                            {
                                sb.Append("nop\n");
                                break;
                            }

                            sb.Append(inv, $"{op} L{targets[random.Next(targets.Count)]}\n");
                            h = after;
                            break;
                        }

                    case "call":
                        {
                            var callee = random.Next(functions);
                            var (cp, _, cr) = sigs[callee];
                            if (h < cp || h - cp + cr >= maxStack)
                            {
                                sb.Append("nop\n");
                                break;
                            }

                            sb.Append(inv, $"call f{callee}\n");
                            h = h - cp + cr;
                            break;
                        }

                    default:
                        sb.Append(op).Append('\n');
                        h -= unary.Contains(op) ? 0 : binary.Contains(op) ? 1 : 2;
                        break;
                }
            }

            if (random.Next(10) == 0)
            {
                sb.Append("abort 3\n");
                continue;
            }

            for (; h > r; h--)
            {
                sb.Append("drop\n");
            }

            for (; h < r; h++)
            {
                sb.Append("push 1\n");
            }

            sb.Append("ret\n");
        }

        return sb.ToString();
    }
}
