namespace EnergyChain.Vm.Execution;

public enum VmStatus
{
    Ok,
    /// <summary>The program did something illegal at run time; see <see cref="VmResult.Fault"/>.</summary>
    Fault,
    OutOfGas,
    /// <summary>The program chose to stop (<c>abort</c> or a failed <c>assert</c>); see <see cref="VmResult.AbortCode"/>.</summary>
    Abort,
}
