using EnergyChain.Wallet.Keystore;

namespace EnergyChain.Wallet.Tests.Keystore;

public sealed class PassphraseSourceTests
{
    [Fact]
    public void The_password_file_wins_and_loses_one_trailing_newline()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "from file \n");
            var source = new PassphraseSource(file, "from env", _ => "from prompt");
            Assert.Equal("from file ", source.Get("key 'a'"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void The_environment_comes_before_the_prompt()
    {
        Assert.Equal("from env", new PassphraseSource(null, "from env", _ => "from prompt").Get("key 'a'"));
    }

    [Fact]
    public void The_prompt_is_used_last_and_asks_twice_when_confirming()
    {
        var prompts = new List<string>();
        var source = new PassphraseSource(null, null, p =>
        {
            prompts.Add(p);
            return "typed";
        });

        Assert.Equal("typed", source.Get("new key 'a'", confirm: true));
        Assert.Equal(2, prompts.Count);
        Assert.Contains("new key 'a'", prompts[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Different_confirmation_is_an_error()
    {
        var answers = new Queue<string>(["one", "two"]);
        var error = Assert.Throws<WalletException>(() => new PassphraseSource(null, null, _ => answers.Dequeue()).Get("new key 'a'", confirm: true));
        Assert.Equal("the passphrases do not match", error.Message);
    }

    [Fact]
    public void Without_a_terminal_the_error_says_how_to_pass_one()
    {
        var error = Assert.Throws<WalletException>(() => new PassphraseSource(null, null, null).Get("key 'a'"));
        Assert.Contains("--password-file", error.Message, StringComparison.Ordinal);
        Assert.Contains("ECW_PASSWORD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_password_file_is_a_clear_error()
    {
        var error = Assert.Throws<WalletException>(() => new PassphraseSource("/nonexistent/ecw-pw", null, null).Get("key 'a'"));
        Assert.StartsWith("cannot read the password file /nonexistent/ecw-pw", error.Message, StringComparison.Ordinal);
    }
}
