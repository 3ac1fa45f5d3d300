using EnergyChain.Vm.Execution;
using EnergyChain.Vm.Host;

namespace EnergyChain.Vm.Tests.Support;

/// <summary>
/// A deterministic host for tests and vectors:
/// 1 storage_get_int(key)->int (gas 10), 2 storage_put_int(key, v) (gas 20), 3 always faults (gas 1),
/// 4 add(a, b)->a+b (gas 7), 5 hello()->"hi" (gas 3), 6 seed()->32 bytes (gas 4), 7 costs a fortune.
/// </summary>
public sealed class TestHost : IVmHost
{
    public JournaledStore Store { get; } = new();

    public long GasCost(ushort id, VmStack args) => id switch
    {
        1 => 10,
        2 => 20,
        3 => 1,
        4 => 7,
        5 => 3,
        6 => 4,
        7 => long.MaxValue,
        _ => -1,
    };

    public SyscallStatus Syscall(ushort id, VmStack stack)
    {
        switch (id)
        {
            case 1:
                {
                    if (!stack.TryPopBytes(out var key))
                    {
                        return SyscallStatus.Fault;
                    }

                    var v = Store.Get(key);
                    stack.PushInt(v is null ? 0 : BitConverter.ToInt64(v));
                    return SyscallStatus.Ok;
                }

            case 2:
                {
                    if (!stack.TryPopInt(out var value) || !stack.TryPopBytes(out var key))
                    {
                        return SyscallStatus.Fault;
                    }

                    Store.Put(key, BitConverter.GetBytes(value));
                    return SyscallStatus.Ok;
                }

            case 4:
                {
                    if (!stack.TryPopInt(out var b) || !stack.TryPopInt(out var a))
                    {
                        return SyscallStatus.Fault;
                    }

                    stack.PushInt(unchecked(a + b));
                    return SyscallStatus.Ok;
                }

            case 5:
                stack.PushBytes("hi"u8.ToArray());
                return SyscallStatus.Ok;
            case 6:
                stack.PushBytes(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
                return SyscallStatus.Ok;
            default:
                return SyscallStatus.Fault;
        }
    }
}
