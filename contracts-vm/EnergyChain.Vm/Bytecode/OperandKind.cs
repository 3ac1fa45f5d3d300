namespace EnergyChain.Vm.Bytecode;

/// <summary>How the bytes after an opcode are laid out (little-endian, fixed width: one encoding per program).</summary>
public enum OperandKind : byte
{
    None,
    /// <summary>Signed 8-bit immediate.</summary>
    I8,
    /// <summary>Signed 32-bit immediate.</summary>
    I32,
    /// <summary>Signed 64-bit immediate.</summary>
    I64,
    /// <summary>Unsigned 8-bit index (local slot, pick depth).</summary>
    U8,
    /// <summary>Unsigned 16-bit index (constant, function, abort reason).</summary>
    U16,
    /// <summary>Signed 32-bit jump offset, relative to the first byte of the jump instruction.</summary>
    Rel32,
    /// <summary>u16 syscall id, u8 argument count, u8 result count.</summary>
    Syscall,
}
