using System.Globalization;

namespace Relay.Fuzz;

/// <summary>The command line of the fuzzer.</summary>
internal sealed record FuzzArguments(string Target, long Inputs, int Seed, long From, TimeSpan Deadline, int Keep, int Jobs)
{
    public static bool TryParse(string[] args, out FuzzArguments arguments, out string problem)
    {
        arguments = new FuzzArguments(string.Empty, 100_000, 1, 0, TimeSpan.FromSeconds(10), 50, 4);
        problem = string.Empty;
        if (args.Length == 0 || args[0] is not ("smtp" or "dns"))
        {
            problem = "the first argument is the target: smtp or dns";
            return false;
        }

        arguments = arguments with { Target = args[0] };
        for (var i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !long.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                problem = $"{args[i]} needs a whole number";
                return false;
            }

            switch (args[i])
            {
                case "--inputs" when value > 0:
                    arguments = arguments with { Inputs = value };
                    break;
                case "--seed" when value <= int.MaxValue:
                    arguments = arguments with { Seed = (int)value };
                    break;
                case "--from":
                    arguments = arguments with { From = value };
                    break;
                case "--deadline" when value is > 0 and < 3600:
                    arguments = arguments with { Deadline = TimeSpan.FromSeconds(value) };
                    break;
                case "--keep" when value <= 10_000:
                    arguments = arguments with { Keep = (int)value };
                    break;
                case "--jobs" when value is > 0 and <= 64:
                    arguments = arguments with { Jobs = (int)value };
                    break;
                default:
                    problem = $"unknown option or value out of range: {args[i]} {args[i + 1]}";
                    return false;
            }
        }

        return true;
    }
}
