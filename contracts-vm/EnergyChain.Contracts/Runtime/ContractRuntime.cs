using System.Runtime.CompilerServices;
using EnergyChain.Contracts.Host;
using EnergyChain.Contracts.Native;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.State;
using EnergyChain.Core.Transactions;
using EnergyChain.Vm;
using EnergyChain.Vm.Execution;
using EnergyChain.Vm.Verification;

namespace EnergyChain.Contracts.Runtime;

/// <summary>
/// Runs contract transactions for <see cref="BlockExecutor"/> (the core's <see cref="IContractRuntime"/> hook).
/// <para>
/// Fees: the transaction fee is the core's. On top, <c>gas limit x <see cref="GasPrice"/></c> must be covered by
/// the sender's balance (plus a call's value) up front; only <c>gas used x GasPrice</c> is charged (the rest is
/// never debited, i.e. refunded) and goes to the producer with the fees. A call that ends in Fault, OutOfGas or
/// Abort keeps its gas fee and nonce increment, but every storage and balance effect of the call (the value
/// moved to the contract included) is dropped: the call runs in a nested <see cref="StateOverlay"/> that is
/// copied down only on success.
/// </para>
/// <para>
/// Refused (no effect, not includable): unknown contract, function index out of range, wrong argument count,
/// gas limit above <see cref="MaxGasLimit"/>, balance short of fee + gas reservation + value, a deploy whose
/// code does not decode or verify, or a deploy gas limit below its <see cref="DeployGas"/>.
/// </para>
/// <para>
/// System calls (<see cref="SystemCall"/>, <see cref="ISystemContractCaller"/>): an engine's block-level work calls a
/// system contract as <see cref="SystemAddresses.Caller"/> with <see cref="SystemCallGas"/> gas that nobody pays;
/// the value is minted into the contract's balance; on anything but Ok nothing is written.
/// </para>
/// </summary>
public sealed class ContractRuntime : IContractRuntime, ISystemContractCaller
{
    /// <summary>Micro-units per unit of gas (a consensus constant).</summary>
    public const ulong GasPrice = 1;

    /// <summary>Largest gas limit of one call or deploy.</summary>
    public const ulong MaxGasLimit = 50_000_000;

    /// <summary>Gas limit of one <see cref="SystemCall"/> (charged to nobody).</summary>
    public const ulong SystemCallGas = MaxGasLimit;

    public const long DeployBaseGas = 10_000;
    public const long DeployGasPerByte = 10;

    private readonly ConditionalWeakTable<byte[], ContractProgram> _programs = new();
    // A VmEngine owns its stack buffers, so each thread gets its own (blocks may be validated and built concurrently).
    private readonly ThreadLocal<VmEngine> _engines;

    public ContractRuntime(VmLimits? limits = null, IConsensusView? view = null)
    {
        Limits = limits ?? VmLimits.Default;
        View = view ?? EmptyConsensusView.Instance;
        _engines = new ThreadLocal<VmEngine>(() => new VmEngine(Limits));
        SystemContracts = SystemContracts.Load(Limits);
    }

    public VmLimits Limits { get; }

    public IConsensusView View { get; }

    /// <summary>The built-in system contracts (fixed addresses, code compiled into the node).</summary>
    public SystemContracts SystemContracts { get; }

    public static long DeployGas(int codeLength) => DeployBaseGas + (DeployGasPerByte * codeLength);

    /// <summary>The program at <paramref name="address"/>: a system contract or deployed code; null when none.</summary>
    public ContractProgram? ProgramAt(IStateReader state, Address address)
    {
        if (SystemContracts.TryGet(address, out var system))
        {
            return system.Program;
        }

        var code = state.GetAccount(address).Data;
        if (code is not { Length: > 1 } || code[0] != ContractStore.CodeTag)
        {
            return null;
        }

        // The same Data array comes back from the ledger for the same committed contract: cache by reference.
        if (_programs.TryGetValue(code, out var cached))
        {
            return cached;
        }

        if (!ContractProgram.TryLoad(code.AsSpan(1), Limits, out var program, out _))
        {
            return null;
        }

        _programs.AddOrUpdate(code, program!);
        return program;
    }

    public ContractExecution Execute(StateOverlay state, Transaction tx, Account sender, ContractContext context) => tx.Payload switch
    {
        ContractCallPayload call => Call(state, tx, sender, context, call),
        ContractDeployPayload deploy => Deploy(state, tx, sender, context, deploy),
        _ => ContractExecution.Reject(TxError.Malformed, $"{tx.Type} is not a contract transaction"),
    };

    /// <inheritdoc />
    public SystemCallResult SystemCall(StateOverlay state, Address contract, ushort function, IReadOnlyList<ContractArg> args, ulong value, ContractContext context)
    {
        if (!SystemContracts.TryGet(contract, out var system))
        {
            return SystemCallResult.Failed($"{contract} is not a system contract");
        }

        var program = system.Program;
        if (function >= program.FunctionCount || program.ParameterCount(function) != args.Count)
        {
            return SystemCallResult.Failed($"{system.Name} has no function {function} taking {args.Count} arguments");
        }

        if (value > long.MaxValue)
        {
            return SystemCallResult.Failed($"system call value {value} above 2^63-1");
        }

        var scratch = new StateOverlay(state);
        if (value > 0)
        {
            var target = scratch.GetAccount(contract);
            var credited = unchecked(target.Balance + value);
            if (credited < target.Balance)
            {
                return SystemCallResult.Failed($"{system.Name}'s balance would overflow");
            }

            scratch.SetAccount(contract, target with { Balance = credited });
        }

        var host = new ChainVmHost(scratch, contract, SystemAddresses.Caller, (long)value, context, Limits, View);
        var result = _engines.Value!.Execute(program, function, ToVm(args), (long)SystemCallGas, host);
        if (result.Status != VmStatus.Ok)
        {
            return new SystemCallResult(
                $"system call {system.Name} f{function} ended {result.Status} (fault {result.Fault}, abort {result.AbortCode})",
                (ulong)result.GasUsed, [], []);
        }

        scratch.CopyTo(state);
        return new SystemCallResult(null, (ulong)result.GasUsed, host.Events, [.. result.Stack.Select(FromVm)]);
    }

    private ContractExecution Call(StateOverlay state, Transaction tx, Account sender, ContractContext context, ContractCallPayload call)
    {
        if (call.GasLimit > MaxGasLimit)
        {
            return ContractExecution.Reject(TxError.Malformed, $"gas limit {call.GasLimit} exceeds {MaxGasLimit}");
        }

        if (call.Value > long.MaxValue)
        {
            return ContractExecution.Reject(TxError.Overflow, "call value above 2^63-1");
        }

        var reserve = call.GasLimit * GasPrice;
        if (sender.Balance < reserve || sender.Balance - reserve < call.Value)
        {
            return ContractExecution.Reject(TxError.InsufficientBalance,
                $"balance {sender.Balance} after the fee cannot reserve gas {reserve} plus value {call.Value}");
        }

        if (call.Contract == tx.SenderAddress)
        {
            return ContractExecution.Reject(TxError.InvalidContract, "a contract cannot be its own caller");
        }

        var program = ProgramAt(state, call.Contract);
        if (program is null)
        {
            return ContractExecution.Reject(TxError.InvalidContract, $"no contract at {call.Contract}");
        }

        if (call.Function >= program.FunctionCount || program.ParameterCount(call.Function) != call.Args.Count)
        {
            return ContractExecution.Reject(TxError.InvalidContract,
                $"function {call.Function} does not exist or does not take {call.Args.Count} arguments");
        }

        var senderAddress = tx.SenderAddress;
        var scratch = new StateOverlay(state);
        scratch.SetAccount(senderAddress, sender with { Balance = sender.Balance - call.Value });
        if (call.Value > 0)
        {
            var target = scratch.GetAccount(call.Contract);
            var credited = unchecked(target.Balance + call.Value);
            if (credited < target.Balance)
            {
                return ContractExecution.Reject(TxError.Overflow, "contract balance would overflow");
            }

            scratch.SetAccount(call.Contract, target with { Balance = credited });
        }

        var host = new ChainVmHost(scratch, call.Contract, senderAddress, (long)call.Value, context, Limits, View);
        var result = _engines.Value!.Execute(program, call.Function, ToVm(call.Args), (long)call.GasLimit, host);
        return Finish(state, tx, sender, senderAddress, call.Contract, scratch, host, result, 0);
    }

    private ContractExecution Deploy(StateOverlay state, Transaction tx, Account sender, ContractContext context, ContractDeployPayload deploy)
    {
        if (deploy.GasLimit > MaxGasLimit)
        {
            return ContractExecution.Reject(TxError.Malformed, $"gas limit {deploy.GasLimit} exceeds {MaxGasLimit}");
        }

        var deployGas = DeployGas(deploy.Code.Length);
        if ((long)deploy.GasLimit < deployGas)
        {
            return ContractExecution.Reject(TxError.Malformed, $"gas limit {deploy.GasLimit} is below the deploy cost {deployGas}");
        }

        if (sender.Balance < deploy.GasLimit * GasPrice)
        {
            return ContractExecution.Reject(TxError.InsufficientBalance, $"balance {sender.Balance} after the fee cannot reserve gas {deploy.GasLimit}");
        }

        if (!ContractProgram.TryLoad(deploy.Code, Limits, out var program, out var error))
        {
            return ContractExecution.Reject(TxError.InvalidContract, $"code does not load: {error}");
        }

        var senderAddress = tx.SenderAddress;
        var address = ContractDeployPayload.ContractAddress(senderAddress, tx.Nonce);
        var existing = state.GetAccount(address);
        if (existing.HasData || SystemContracts.TryGet(address, out _))
        {
            return ContractExecution.Reject(TxError.InvalidContract, $"address {address} is taken");
        }

        var scratch = new StateOverlay(state);
        scratch.SetAccount(senderAddress, sender);
        scratch.SetAccount(address, ContractStore.WithCode(existing, deploy.Code));
        var host = new ChainVmHost(scratch, address, senderAddress, 0, context, Limits, View);
        VmResult result;
        if (deploy.InitArgs.Count > 0)
        {
            if (program!.ParameterCount(0) != deploy.InitArgs.Count)
            {
                return ContractExecution.Reject(TxError.InvalidContract, $"the constructor (function 0) does not take {deploy.InitArgs.Count} arguments");
            }

            result = _engines.Value!.Execute(program, 0, ToVm(deploy.InitArgs), (long)deploy.GasLimit - deployGas, host);
        }
        else
        {
            result = new VmResult(VmStatus.Ok, [], 0);
        }

        return Finish(state, tx, sender, senderAddress, address, scratch, host, result, deployGas);
    }

    private static ContractExecution Finish(
        StateOverlay state, Transaction tx, Account sender, Address senderAddress, Address contract,
        StateOverlay scratch, ChainVmHost host, VmResult result, long extraGas)
    {
        var gasUsed = (ulong)(result.GasUsed + extraGas);
        var gasFee = gasUsed * GasPrice;
        var ok = result.Status == VmStatus.Ok;
        if (ok)
        {
            scratch.CopyTo(state);
            var after = state.GetAccount(senderAddress);
            state.SetAccount(senderAddress, after with { Balance = after.Balance - gasFee });
        }
        else
        {
            state.SetAccount(senderAddress, sender with { Balance = sender.Balance - gasFee });
        }

        var receipt = new ContractReceipt(
            tx.Hash,
            contract,
            (ContractStatus)(byte)result.Status,
            gasUsed,
            gasFee,
            result.AbortCode,
            result.Fault == VmFault.None ? "" : result.Fault.ToString(),
            ok ? host.Events : [],
            ok ? [.. result.Stack.Select(FromVm)] : []);
        return new ContractExecution(null, gasFee, receipt);
    }

    public static VmValue[] ToVm(IReadOnlyList<ContractArg> args)
    {
        var values = new VmValue[args.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = args[i].Bytes is { } bytes ? VmValue.FromBytes(bytes) : VmValue.FromInt(args[i].Integer);
        }

        return values;
    }

    private static ContractArg FromVm(VmValue value) => value.Bytes is { } bytes ? ContractArg.Of(bytes) : ContractArg.Int(value.Integer);
}
