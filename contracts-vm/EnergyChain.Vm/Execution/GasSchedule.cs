using EnergyChain.Vm.Bytecode;

namespace EnergyChain.Vm.Execution;

/// <summary>
/// Gas prices. Base costs per opcode live in <see cref="OpInfo"/>; byte-string work adds a price per started
/// 32-byte word so that moving a large value costs in proportion to its size. These numbers are consensus
/// constants: changing one changes every node's result, so it needs a new bytecode version or a fork height.
/// </summary>
public static class GasSchedule
{
    public const int WordSize = 32;

    /// <summary>Per word of the result of <c>cat</c> and <c>slice</c>, and per word of the longer input of <c>beq</c>.</summary>
    public const long CopyPerWord = 1;

    /// <summary>Per word hashed by <c>sha256</c>.</summary>
    public const long HashPerWord = 2;

    public static long Words(long bytes) => (bytes + WordSize - 1) / WordSize;

    public static long BaseCost(OpCode op) => OpInfo.Gas(op);
}
