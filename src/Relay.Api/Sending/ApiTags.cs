using System.Globalization;
using Relay.Api.Errors;
using Relay.Api.Query;
using Relay.Api.Rest;
using Relay.Core.Ingestion;

namespace Relay.Api.Sending;

/// <summary>
/// The message tags of a send call, v1 <c>Tags.member.N.Name</c>/<c>.Value</c> or v2 <c>EmailTags[]</c>, checked as the
/// SES MessageTag reference says (ASCII letters, numbers, underscores and dashes, 1 to 256 characters each). A bad tag
/// is InvalidParameterValue (v1) or BadRequestException (v2), and nothing is sent.
/// </summary>
internal static class ApiTags
{
    public static IReadOnlyList<MessageTag> FromQuery(QueryParameters parameters, string name)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var tags = new List<MessageTag>();
        for (var index = 1; ; index++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"{name}.member.{index}");
            var tagName = parameters.Optional(prefix + ".Name");
            var value = parameters.Optional(prefix + ".Value");
            if (tagName is null && value is null)
            {
                return tags;
            }

            tags.Add(Checked(tagName ?? string.Empty, value ?? string.Empty, message => SesErrors.InvalidParameterValue(message)));
        }
    }

    public static IReadOnlyList<MessageTag> FromJson(JsonBody body, string name)
    {
        ArgumentNullException.ThrowIfNull(body);
        return (body.OptionalObjectList(name) ?? [])
            .Select(tag => Checked(tag.OptionalString("Name") ?? string.Empty, tag.OptionalString("Value") ?? string.Empty, SesErrors.BadRequest))
            .ToList();
    }

    private static MessageTag Checked(string name, string value, Func<string, ApiError> error) =>
        MessageTag.Problem(name, value) is { } problem
            ? throw new ApiException(error($"Invalid message tag: {problem}."))
            : new MessageTag(name, value);
}
