using System.Text.Encodings.Web;
using System.Text.Json;

namespace EnergyChain.Wallet.Output;

/// <summary>
/// Where results go: stdout, as text for people or (with <c>--json</c>) as JSON for scripts. Errors never go
/// through here; <c>WalletCli</c> writes them to stderr as one line.
/// </summary>
internal sealed class WalletOutput(TextWriter writer, bool json)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public bool Json { get; } = json;

    public TextWriter Writer { get; } = writer;

    public void WriteJson(JsonElement element) => Writer.WriteLine(JsonSerializer.Serialize(element, JsonOptions));

    public void WriteJson<T>(T value) => Writer.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    public void WriteLine(string text) => Writer.WriteLine(text);

    public void WriteFields(params (string Label, string Value)[] fields) => TextTable.WriteFields(Writer, fields);

    public void WriteFields(IReadOnlyList<(string Label, string Value)> fields) => TextTable.WriteFields(Writer, fields);

    public void WriteTable(TextTable table) => table.Write(Writer);
}
