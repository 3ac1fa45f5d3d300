namespace EnergyChain.Wallet.Keystore;

/// <summary>A key in the keystore as listed (no secret): its name, file and public parts.</summary>
internal sealed record KeyEntry(string Name, string FilePath, KeyFile File)
{
    public string Address => File.Address;

    public string PublicKey => File.PublicKey;
}
