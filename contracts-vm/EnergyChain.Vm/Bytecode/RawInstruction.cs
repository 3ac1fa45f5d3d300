namespace EnergyChain.Vm.Bytecode;

/// <summary>One instruction as it sits in the code bytes, before jump targets are resolved.</summary>
/// <param name="Offset">Byte offset of the opcode within the function.</param>
/// <param name="Size">Opcode plus operand bytes.</param>
/// <param name="Op">The opcode.</param>
/// <param name="Operand">The immediate, index, relative jump offset or syscall id.</param>
/// <param name="Args">Syscall argument count (syscall only).</param>
/// <param name="Results">Syscall result count (syscall only).</param>
public readonly record struct RawInstruction(int Offset, int Size, OpCode Op, long Operand, byte Args, byte Results);
