using System.Diagnostics.CodeAnalysis;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Vm;
using EnergyChain.Vm.Assembly;
using EnergyChain.Vm.Verification;

namespace EnergyChain.Contracts.Native;

/// <summary>
/// The system contracts (energy trading, mining reward, penalty) live at fixed addresses
/// <c>0x00..0001</c>, <c>0x00..0002</c>, <c>0x00..0003</c>, like precompiles: their code is the
/// <c>contracts-vm/contracts/*.ecasm</c> source embedded in this assembly and assembled when the runtime starts,
/// so it is not an account record; their balance and storage are ordinary state (in the state root). They exist
/// from genesis on every chain that runs this runtime; changing their source is a consensus change (like gas
/// prices), and <see cref="SystemContract.CodeHash"/> identifies the version (shown by the node API).
/// </summary>
public sealed class SystemContracts
{
    public static readonly Address TradingAddress = SystemAddresses.Trading;
    public static readonly Address RewardAddress = SystemAddresses.Reward;
    public static readonly Address PenaltyAddress = SystemAddresses.Penalty;

    private readonly SortedDictionary<Address, SystemContract> _byAddress = new();

    private SystemContracts(IEnumerable<SystemContract> contracts)
    {
        foreach (var contract in contracts)
        {
            _byAddress.Add(contract.Address, contract);
        }
    }

    public IEnumerable<SystemContract> All => _byAddress.Values;

    public SystemContract Trading => _byAddress[TradingAddress];

    public SystemContract Reward => _byAddress[RewardAddress];

    public SystemContract Penalty => _byAddress[PenaltyAddress];

    public bool TryGet(Address address, [NotNullWhen(true)] out SystemContract? contract) => _byAddress.TryGetValue(address, out contract);

    /// <summary>Assembles and verifies the embedded sources.</summary>
    public static SystemContracts Load(VmLimits limits) => new(
    [
        Build("trading", TradingAddress, limits),
        Build("reward", RewardAddress, limits),
        Build("penalty", PenaltyAddress, limits),
    ]);

    /// <summary>The embedded source of a system contract (e.g. "trading").</summary>
    public static string Source(string name)
    {
        using var stream = typeof(SystemContracts).Assembly.GetManifestResourceStream(name + ".ecasm")
            ?? throw new InvalidOperationException($"system contract source {name}.ecasm is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static SystemContract Build(string name, Address address, VmLimits limits)
    {
        var code = Assembler.AssembleBytes(Source(name));
        if (!ContractProgram.TryLoad(code, limits, out var program, out var error))
        {
            throw new InvalidOperationException($"system contract {name} does not verify: {error}");
        }

        return new SystemContract(name, address, code, Hash256.Compute(code), program!);
    }
}
