namespace EnergyChain.Vm.Execution;

/// <summary>
/// The host's window onto the value stack during one syscall: it may pop only the instruction's arguments and push
/// only its results. One instance is reused per engine so a syscall allocates nothing.
/// </summary>
public sealed class VmStack
{
    private long[] _ints = [];
    private byte[]?[] _refs = [];
    private int _argsLeft;
    private int _top;
    private int _pushed;
    private int _maxPush;
    private long _memoryLeft;
    private int _maxBytes;

    internal VmStack()
    {
    }

    /// <summary>Arguments still on the stack.</summary>
    public int Count => _argsLeft;

    internal int Top => _top;

    internal int Pushed => _pushed;

    internal bool MemoryExceeded { get; private set; }

    internal long MemoryUsed { get; private set; }

    /// <summary>Peeks the argument <paramref name="depth"/> below the top (0 = top).</summary>
    public bool TryPeekInt(int depth, out long value)
    {
        var i = _top - 1 - depth;
        value = 0;
        if (depth < 0 || depth >= _argsLeft || _refs[i] is not null)
        {
            return false;
        }

        value = _ints[i];
        return true;
    }

    public bool TryPeekBytes(int depth, out byte[]? value)
    {
        var i = _top - 1 - depth;
        value = null;
        if (depth < 0 || depth >= _argsLeft || _refs[i] is null)
        {
            return false;
        }

        value = _refs[i];
        return true;
    }

    public bool TryPopInt(out long value)
    {
        if (!TryPeekInt(0, out value))
        {
            return false;
        }

        _top--;
        _argsLeft--;
        return true;
    }

    /// <summary>Pops a byte string. Never mutate it: it may be shared with other slots or the constant pool.</summary>
    public bool TryPopBytes(out byte[]? value)
    {
        if (!TryPeekBytes(0, out value))
        {
            return false;
        }

        _refs[--_top] = null;
        _argsLeft--;
        return true;
    }

    /// <summary>
    /// Pushes a result. A push beyond the instruction's declared result count, or before every argument was
    /// popped, is dropped and makes the call fault: the program declared the wrong syscall signature.
    /// </summary>
    public void PushInt(long value)
    {
        if (!HasRoom())
        {
            return;
        }

        _ints[_top] = value;
        _refs[_top++] = null;
        _pushed++;
    }

    /// <summary>
    /// Pushes a byte string the VM now owns. Sizes count against the call's memory limit; exceeding it makes the
    /// call fault after the syscall returns, so the host need not check.
    /// </summary>
    public void PushBytes(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!HasRoom())
        {
            return;
        }

        if (value.Length > _maxBytes || value.Length > _memoryLeft - MemoryUsed)
        {
            MemoryExceeded = true;
        }

        MemoryUsed += value.Length;
        _ints[_top] = 0;
        _refs[_top++] = value;
        _pushed++;
    }

    internal void Open(long[] ints, byte[]?[] refs, int top, int args, int results, long memoryLeft, int maxBytes)
    {
        _ints = ints;
        _refs = refs;
        _argsLeft = args;
        _top = top;
        _pushed = 0;
        _maxPush = results;
        _memoryLeft = memoryLeft;
        _maxBytes = maxBytes;
        MemoryExceeded = false;
        SignatureMismatch = false;
        MemoryUsed = 0;
    }

    /// <summary>True when the host's pushes and pops did not match the declared signature.</summary>
    internal bool SignatureMismatch { get; private set; }

    private bool HasRoom()
    {
        if (_pushed >= _maxPush || _argsLeft > 0)
        {
            SignatureMismatch = true;
            return false;
        }

        return true;
    }
}
