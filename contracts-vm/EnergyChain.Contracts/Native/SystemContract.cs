using EnergyChain.Core.Crypto;
using EnergyChain.Vm.Verification;

namespace EnergyChain.Contracts.Native;

/// <summary>A system contract: fixed address, source name, encoded module, code hash and the loaded program.</summary>
public sealed record SystemContract(string Name, Address Address, byte[] Code, Hash256 CodeHash, ContractProgram Program);
