using System.Text;
using MimeKit;
using Relay.Core.Ingestion;

namespace Relay.Core.Tests;

public sealed class SenderFieldsTests
{
    [TestCase(" <bounces@example.test>", "bounces@example.test")]
    [TestCase(" (trace) < bounces@example.test > (x)", "bounces@example.test")]
    [TestCase(" <\"odd one\"@example.test>", "\"odd one\"@example.test")]
    [TestCase(" <>", "")]
    [TestCase(" < (null) >", "")]
    [TestCase(" bounces@example.test", null)]
    [TestCase(" <bounces@example.test", null)]
    [TestCase(" <@route.test:bounces@example.test>", null)]
    [TestCase(" <bounces@[192.0.2.1]>", null)]
    [TestCase(" <a@example.test> <b@example.test>", null)]
    [TestCase(" Bounces <bounces@example.test>", null)]
    public void A_return_path_is_an_angle_address_or_the_empty_path(string value, string? expected)
    {
        Assert.That(SenderFields.ParsePath(Encoding.UTF8.GetBytes(value + "\r\n")), Is.EqualTo(expected));
    }

    [Test]
    public void Every_sender_then_every_non_empty_return_path_is_read_in_that_order()
    {
        var headers = Headers("Return-Path: <rp@example.test>\r\nSender: One <s1@example.test>\r\nReturn-Path: <>\r\nSender: s2@example.test\r\nFrom: f@example.test\r\n");
        var addresses = new List<(string Field, string Address)>();

        Assert.That(SenderFields.TryRead(headers, addresses, out var problem), Is.True, problem);
        Assert.That(addresses, Is.EqualTo(new[] { ("Sender", "s1@example.test"), ("Sender", "s2@example.test"), ("Return-Path", "rp@example.test") }));
    }

    [TestCase("Sender: undisclosed:;\r\n", "the Sender header holds a group; it must hold exactly one address")]
    [TestCase("Sender: x@example.test (unclosed\r\n", "a quoted string or comment in the Sender header is not closed")]
    [TestCase("Return-Path: <x@example.test\r\n", "the Return-Path header must be <address> or <>")]
    public void A_field_that_is_not_one_address_says_which_and_why(string field, string expected)
    {
        Assert.That(SenderFields.TryRead(Headers(field + "From: f@example.test\r\n"), [], out var problem), Is.False);
        Assert.That(problem, Is.EqualTo(expected));
    }

    [Test]
    public void An_encoded_sender_display_name_is_not_decoded_into_specials()
    {
        var addresses = new List<(string Field, string Address)>();

        Assert.That(SenderFields.TryRead(Headers("Sender: =?utf-8?q?Doe=2C_John_=3Cceo=40bank.test=3E?= <x@example.test>\r\n"), addresses, out _), Is.True);
        Assert.That(addresses.Single().Address, Is.EqualTo("x@example.test"));
    }

    private static HeaderList Headers(string block)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(block + "\r\nbody\r\n"));
        return HeaderList.Load(stream);
    }
}
