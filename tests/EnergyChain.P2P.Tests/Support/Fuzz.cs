namespace EnergyChain.P2P.Tests.Support;

/// <summary>Seeded input generation for decoder fuzzing; ENERGYCHAIN_FUZZ_ITERATIONS raises the count.</summary>
public static class Fuzz
{
    public static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("ENERGYCHAIN_FUZZ_ITERATIONS"), out var n) ? n : 100_000;

    /// <summary>Half purely random inputs, half mutations (flips, truncation, extension, splices) of a seed.</summary>
    public static byte[] Next(Random random, byte[] seed)
    {
        if (random.Next(2) == 0)
        {
            var bytes = new byte[random.Next(0, 96)];
            random.NextBytes(bytes);
            return bytes;
        }

        var data = (byte[])seed.Clone();
        var mutations = 1 + random.Next(4);
        for (var m = 0; m < mutations; m++)
        {
            switch (random.Next(5))
            {
                case 0 when data.Length > 0:
                    data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when data.Length > 0:
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                    break;
                case 2:
                    data = data[..random.Next(data.Length + 1)];
                    break;
                case 3:
                    var extra = new byte[random.Next(1, 16)];
                    random.NextBytes(extra);
                    data = [.. data, .. extra];
                    break;
                default:
                    if (data.Length > 1)
                    {
                        var at = random.Next(data.Length);
                        data = [.. data[..at], .. data[random.Next(data.Length)..]];
                    }

                    break;
            }
        }

        return data;
    }
}
