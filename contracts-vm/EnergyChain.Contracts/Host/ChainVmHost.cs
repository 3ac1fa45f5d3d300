using System.Buffers.Binary;
using EnergyChain.Core.Crypto;
using EnergyChain.Core.Execution;
using EnergyChain.Core.Market;
using EnergyChain.Core.State;
using EnergyChain.Vm;
using EnergyChain.Vm.Execution;

namespace EnergyChain.Contracts.Host;

/// <summary>
/// The VM's window onto the chain for one contract call. Every write goes into <see cref="State"/>, a
/// <see cref="StateOverlay"/> over the block's overlay that the runtime copies down only when the call ends
/// <see cref="VmStatus.Ok"/>; on Fault, OutOfGas or Abort it is dropped, so all storage and balance effects
/// vanish. Deterministic: no clock, no randomness (the seed is the parent hash), writes keyed by address
/// (the executor sorts them), events in emission order.
/// </summary>
public sealed class ChainVmHost : IVmHost
{
    private readonly VmLimits _limits;
    private readonly IConsensusView _view;
    private readonly List<ContractEvent> _events = [];
    private byte[]? _selfBytes;
    private byte[]? _callerBytes;

    public ChainVmHost(StateOverlay state, Address self, Address caller, long callValue, ContractContext context, VmLimits limits, IConsensusView? view = null)
    {
        State = state;
        Self = self;
        Caller = caller;
        CallValue = callValue;
        Context = context;
        _limits = limits;
        _view = view ?? EmptyConsensusView.Instance;
    }

    public StateOverlay State { get; }

    public Address Self { get; }

    public Address Caller { get; }

    public long CallValue { get; }

    public ContractContext Context { get; }

    public IReadOnlyList<ContractEvent> Events => _events;

    public long GasCost(ushort id, VmStack args)
    {
        switch (id)
        {
            case Syscalls.GetInt or Syscalls.Get or Syscalls.Has:
                return 50 + WordsOf(args, 0);
            case Syscalls.Delete:
                return 100 + WordsOf(args, 0);
            case Syscalls.PutInt:
                return 200 + WordsOf(args, 1);
            case Syscalls.Put:
                return 200 + WordsOf(args, 1) + (5 * WordsOf(args, 0));
            case Syscalls.Caller or Syscalls.Self or Syscalls.CallValue or Syscalls.Height or Syscalls.Slot
                or Syscalls.Seed or Syscalls.Producer or Syscalls.IntToBytes or Syscalls.BytesToInt:
                return 2;
            case Syscalls.Balance or Syscalls.SlashedHeight or Syscalls.ProofScore or Syscalls.ElectedMiner:
                return 20;
            case Syscalls.Transfer:
                return 100;
            case Syscalls.Emit:
                return 20 + (2 * (WordsOf(args, 0) + WordsOf(args, 1)));
            case Syscalls.AuctionClear:
                var orders = (BytesLength(args, 0) + BytesLength(args, 1)) / DoubleAuction.OrderSize;
                return 50 + (20 * orders);
            default:
                return -1;
        }
    }

    public SyscallStatus Syscall(ushort id, VmStack stack)
    {
        switch (id)
        {
            case Syscalls.GetInt:
                {
                    if (!PopKey(stack, out var key))
                    {
                        return SyscallStatus.Fault;
                    }

                    var value = ContractStore.ReadValue(State, Self, key);
                    if (value is null)
                    {
                        stack.PushInt(0);
                        return SyscallStatus.Ok;
                    }

                    if (value.Length != 8)
                    {
                        return SyscallStatus.Fault;
                    }

                    stack.PushInt(BinaryPrimitives.ReadInt64BigEndian(value));
                    return SyscallStatus.Ok;
                }

            case Syscalls.PutInt:
                {
                    if (!stack.TryPopInt(out var value) || !PopKey(stack, out var key))
                    {
                        return SyscallStatus.Fault;
                    }

                    Span<byte> bytes = stackalloc byte[8];
                    BinaryPrimitives.WriteInt64BigEndian(bytes, value);
                    ContractStore.WriteValue(State, Self, key, bytes);
                    return SyscallStatus.Ok;
                }

            case Syscalls.Get:
                {
                    if (!PopKey(stack, out var key))
                    {
                        return SyscallStatus.Fault;
                    }

                    stack.PushBytes(ContractStore.ReadValue(State, Self, key) ?? []);
                    return SyscallStatus.Ok;
                }

            case Syscalls.Put:
                {
                    if (!stack.TryPopBytes(out var value) || value!.Length > _limits.MaxByteStringSize || !PopKey(stack, out var key))
                    {
                        return SyscallStatus.Fault;
                    }

                    ContractStore.WriteValue(State, Self, key, value);
                    return SyscallStatus.Ok;
                }

            case Syscalls.Delete:
                {
                    if (!PopKey(stack, out var key))
                    {
                        return SyscallStatus.Fault;
                    }

                    ContractStore.WriteValue(State, Self, key, []);
                    return SyscallStatus.Ok;
                }

            case Syscalls.Has:
                {
                    if (!PopKey(stack, out var key))
                    {
                        return SyscallStatus.Fault;
                    }

                    stack.PushInt(ContractStore.ReadValue(State, Self, key) is null ? 0 : 1);
                    return SyscallStatus.Ok;
                }

            case Syscalls.Caller:
                stack.PushBytes(_callerBytes ??= AddressBytes(Caller));
                return SyscallStatus.Ok;
            case Syscalls.Self:
                stack.PushBytes(_selfBytes ??= AddressBytes(Self));
                return SyscallStatus.Ok;
            case Syscalls.CallValue:
                stack.PushInt(CallValue);
                return SyscallStatus.Ok;

            case Syscalls.SlashedHeight:
                {
                    if (!PopAddress(stack, out var offender))
                    {
                        return SyscallStatus.Fault;
                    }

                    var height = State.GetAccount(offender).LastSlashedHeight;
                    stack.PushInt(height > long.MaxValue ? long.MaxValue : (long)height);
                    return SyscallStatus.Ok;
                }

            case Syscalls.Balance:
                {
                    if (!PopAddress(stack, out var address))
                    {
                        return SyscallStatus.Fault;
                    }

                    var balance = State.GetAccount(address).Balance;
                    stack.PushInt(balance > long.MaxValue ? long.MaxValue : (long)balance);
                    return SyscallStatus.Ok;
                }

            case Syscalls.Transfer:
                {
                    if (!stack.TryPopInt(out var amount) || !PopAddress(stack, out var to) || amount < 0)
                    {
                        return SyscallStatus.Fault;
                    }

                    return TransferFromSelf(to, (ulong)amount) ? SyscallStatus.Ok : SyscallStatus.Fault;
                }

            case Syscalls.Height:
                stack.PushInt((long)Math.Min(Context.Height, long.MaxValue));
                return SyscallStatus.Ok;
            case Syscalls.Slot:
                stack.PushInt((long)Math.Min(Context.Slot, long.MaxValue));
                return SyscallStatus.Ok;
            case Syscalls.Seed:
                stack.PushBytes(Context.ParentHash.ToArray());
                return SyscallStatus.Ok;
            case Syscalls.Producer:
                stack.PushBytes(AddressBytes(Context.Producer));
                return SyscallStatus.Ok;

            case Syscalls.Emit:
                {
                    if (!stack.TryPopBytes(out var data) || !stack.TryPopBytes(out var topic))
                    {
                        return SyscallStatus.Fault;
                    }

                    _events.Add(new ContractEvent(Self, topic!, data!));
                    return SyscallStatus.Ok;
                }

            case Syscalls.IntToBytes:
                {
                    if (!stack.TryPopInt(out var value))
                    {
                        return SyscallStatus.Fault;
                    }

                    var bytes = new byte[8];
                    BinaryPrimitives.WriteInt64BigEndian(bytes, value);
                    stack.PushBytes(bytes);
                    return SyscallStatus.Ok;
                }

            case Syscalls.BytesToInt:
                {
                    if (!stack.TryPopBytes(out var bytes) || bytes!.Length != 8)
                    {
                        return SyscallStatus.Fault;
                    }

                    stack.PushInt(BinaryPrimitives.ReadInt64BigEndian(bytes));
                    return SyscallStatus.Ok;
                }

            case Syscalls.ProofScore:
                {
                    if (!PopAddress(stack, out var member))
                    {
                        return SyscallStatus.Fault;
                    }

                    stack.PushInt(_view.ProofScore(member, Context));
                    return SyscallStatus.Ok;
                }

            case Syscalls.ElectedMiner:
                stack.PushBytes(_view.ElectedMiner(Context) is { } miner ? AddressBytes(miner) : []);
                return SyscallStatus.Ok;

            case Syscalls.AuctionClear:
                {
                    if (!stack.TryPopBytes(out var bids) || !stack.TryPopBytes(out var offers)
                        || !DoubleAuction.TryClear(offers!, bids!, out var matches, out var price)
                        || matches.Length > _limits.MaxByteStringSize)
                    {
                        return SyscallStatus.Fault;
                    }

                    stack.PushBytes(matches);
                    stack.PushInt(price);
                    return SyscallStatus.Ok;
                }

            default:
                return SyscallStatus.Fault;
        }
    }

    /// <summary>Moves <paramref name="amount"/> from this contract's balance to <paramref name="to"/>; false if short or on overflow.</summary>
    public bool TransferFromSelf(Address to, ulong amount)
    {
        var source = State.GetAccount(Self);
        if (source.Balance < amount)
        {
            return false;
        }

        if (amount == 0 || to == Self)
        {
            return true;
        }

        var recipient = State.GetAccount(to);
        var credited = unchecked(recipient.Balance + amount);
        if (credited < recipient.Balance)
        {
            return false;
        }

        State.SetAccount(Self, source with { Balance = source.Balance - amount });
        State.SetAccount(to, recipient with { Balance = credited });
        return true;
    }

    private static byte[] AddressBytes(Address address)
    {
        var bytes = new byte[Address.Size];
        address.CopyTo(bytes);
        return bytes;
    }

    private static bool PopKey(VmStack stack, out byte[] key)
    {
        key = [];
        if (!stack.TryPopBytes(out var bytes) || bytes!.Length > Syscalls.MaxKeySize)
        {
            return false;
        }

        key = bytes;
        return true;
    }

    private static bool PopAddress(VmStack stack, out Address address)
    {
        address = default;
        if (!stack.TryPopBytes(out var bytes) || bytes!.Length != Address.Size)
        {
            return false;
        }

        address = new Address(bytes);
        return true;
    }

    private static long BytesLength(VmStack args, int depth) => args.TryPeekBytes(depth, out var bytes) ? bytes!.Length : 0;

    private static long WordsOf(VmStack args, int depth) => GasSchedule.Words(BytesLength(args, depth));
}
