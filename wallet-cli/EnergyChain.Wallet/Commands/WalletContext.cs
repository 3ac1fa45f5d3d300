using System.CommandLine;
using System.Globalization;
using EnergyChain.Core.Crypto;
using EnergyChain.Wallet.Api;
using EnergyChain.Wallet.Keystore;
using EnergyChain.Wallet.Output;

namespace EnergyChain.Wallet.Commands;

/// <summary>
/// One command invocation: the parsed command line resolved against the environment (option, then
/// environment variable, then default), with the node client and keystore created on first use.
/// </summary>
internal sealed class WalletContext : IDisposable
{
    public const string NodeVariable = "ECW_NODE";
    public const string KeystoreVariable = "ECW_KEYSTORE";
    public const string KeyVariable = "ECW_KEY";
    public const string TokenVariable = "ECW_TOKEN";
    public const string KdfIterationsVariable = "ECW_KDF_ITERATIONS";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly ParseResult _parse;
    private readonly GlobalOptions _options;
    private HttpClient? _http;
    private INodeApi? _node;
    private KeyStore? _keystore;

    public WalletContext(ParseResult parse, GlobalOptions options, WalletEnvironment environment, CancellationToken cancellation)
    {
        _parse = parse;
        _options = options;
        Environment = environment;
        Cancellation = cancellation;
        Output = new WalletOutput(environment.Out, parse.GetValue(options.Json));
        Passphrase = new PassphraseSource(
            parse.GetValue(options.PasswordFile),
            environment.GetVariable(PassphraseSource.EnvironmentVariable) is { Length: > 0 } password ? password : null,
            environment.ReadSecret);
    }

    public WalletEnvironment Environment { get; }

    public CancellationToken Cancellation { get; }

    public WalletOutput Output { get; }

    public PassphraseSource Passphrase { get; }

    /// <summary>The key chosen with --key or ECW_KEY, or null for the default rule.</summary>
    public string? KeyName => _parse.GetValue(_options.Key) ?? Variable(KeyVariable);

    public INodeApi Node => _node ??= CreateNodeClient();

    public KeyStore Keystore => _keystore ??= CreateKeyStore();

    public T? Get<T>(Option<T> option) => _parse.GetValue(option);

    public T? Get<T>(Argument<T> argument) => _parse.GetValue(argument);

    /// <summary>Selects a key (see <see cref="KeyStore.Select"/>) and decrypts it with the passphrase.</summary>
    public (KeyEntry Entry, PrivateKey Key) Unlock(string? name)
    {
        var entry = Keystore.Select(name);
        var passphrase = Passphrase.Get($"key '{entry.Name}'");
        return (entry, KeyStore.Unlock(entry, passphrase));
    }

    /// <summary>
    /// An account named on the command line by address or by keystore key name; null means the selected key (as
    /// for signing). A key of that name wins, so a key called like an address prefix is never taken for a mistyped
    /// address. No passphrase is needed: the keystore lists addresses in the clear.
    /// </summary>
    public Address AccountOf(string? addressOrKeyName)
    {
        if (addressOrKeyName is null)
        {
            return ValueParsers.Address(Keystore.Select(KeyName).Address);
        }

        var text = addressOrKeyName.Trim();
        if (Keystore.Contains(text))
        {
            return ValueParsers.Address(Keystore.Get(text).Address);
        }

        if (Address.TryParse(text, out var address, out var error))
        {
            return address;
        }

        throw WalletException.Usage(text.StartsWith(Address.Prefix, StringComparison.Ordinal) && text.Length > Address.Prefix.Length
            && text[Address.Prefix.Length..].All(char.IsAsciiHexDigit)
            ? $"invalid address '{text}': {error}"
            : $"'{text}' is neither an address nor the name of a key in {Keystore.Directory}");
    }

    /// <summary>The node's address: an HTTP API URL with <paramref name="http"/>, else a gRPC endpoint (HOST:PORT or a URL).</summary>
    public static Uri ParseNodeUrl(string text, bool http = true)
    {
        var value = text.Trim();
        if (!value.Contains("://", StringComparison.Ordinal))
        {
            value = "http://" + value;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0)
        {
            throw WalletException.Usage(http
                ? $"invalid node URL '{text}': expected http://HOST:PORT"
                : $"invalid node address '{text}': expected the gRPC endpoint HOST:PORT (or --http with the HTTP API's http://HOST:PORT)");
        }

        return uri;
    }

    public void Dispose()
    {
        (_node as IDisposable)?.Dispose();
        _http?.Dispose();
    }

    private string? Variable(string name) => Environment.GetVariable(name) is { Length: > 0 } value ? value : null;

    /// <summary>gRPC to --node unless --http; over gRPC, the views without a gRPC method use HTTP at the node's reported API.</summary>
    private INodeApi CreateNodeClient()
    {
        var http = _parse.GetValue(_options.Http);
        var url = ParseNodeUrl(_parse.GetValue(_options.Node) ?? Variable(NodeVariable) ?? (http ? GlobalOptions.DefaultHttpNode : GlobalOptions.DefaultNode), http);
        var token = _parse.GetValue(_options.Token) ?? Variable(TokenVariable);
        return http ? HttpClientFor(url, token) : new GrpcNodeClient(url, api => HttpClientFor(api, token), token, RequestTimeout);
    }

    private NodeClient HttpClientFor(Uri url, string? token)
    {
        _http = Environment.HttpHandler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) });
        _http.Timeout = RequestTimeout;
        return new NodeClient(_http, url, token);
    }

    private KeyStore CreateKeyStore()
    {
        var directory = _parse.GetValue(_options.Keystore) ?? Variable(KeystoreVariable)
            ?? Path.Combine(Environment.HomeDirectory, ".energychain", "keystore");
        if (directory == "~" || directory.StartsWith("~/", StringComparison.Ordinal))
        {
            directory = Environment.HomeDirectory + directory[1..];
        }

        var iterations = KeyCipher.DefaultIterations;
        if (Variable(KdfIterationsVariable) is { } text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
                || iterations is < KeyCipher.MinIterations or > KeyCipher.MaxIterations)
            {
                throw WalletException.Usage(
                    $"{KdfIterationsVariable} must be a whole number from {KeyCipher.MinIterations} to {KeyCipher.MaxIterations} (it is meant for tests only)");
            }
        }

        return new KeyStore(directory, iterations);
    }
}
