namespace EnergyChain.Vm.Execution;

/// <summary>Run-time faults. Stable: hosts may record them in receipts.</summary>
public enum VmFault
{
    None,
    TypeMismatch,
    Overflow,
    DivisionByZero,
    InvalidShift,
    OutOfRange,
    StackOverflow,
    CallDepthExceeded,
    ByteStringTooLarge,
    MemoryLimitExceeded,
    InstructionLimitExceeded,
    UnknownSyscall,
    SyscallFailed,
    /// <summary>The syscall's declared argument/result counts do not match what the host consumed and produced.</summary>
    BadSyscallSignature,
}
