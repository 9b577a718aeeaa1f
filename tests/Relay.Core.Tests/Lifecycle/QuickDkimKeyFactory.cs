using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>
/// The real <see cref="RsaDkimKeyFactory"/>, but every generated key is 1024 bits whatever length is asked, so that tests
/// where the length does not matter stay fast. Tests about key lengths use the real factory.
/// </summary>
internal sealed class QuickDkimKeyFactory : IDkimKeyFactory
{
    private readonly RsaDkimKeyFactory _real = new();

    public SigningKey Generate(string selector, DkimKeyLength length) => _real.Generate(selector, DkimKeyLength.Rsa1024);

    public SigningKey Import(string selector, string privateKey) => _real.Import(selector, privateKey);
}
