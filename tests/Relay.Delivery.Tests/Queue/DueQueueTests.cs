using Relay.Delivery.Queue;
using Relay.Delivery.Spool;

namespace Relay.Delivery.Tests.Queue;

/// <summary>The scheduler's due order: earliest first, ties by id (ordinal), and copies that went stale dropped.</summary>
public sealed class DueQueueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Entries_come_out_earliest_first_ties_by_ordinal_id_and_only_once_due()
    {
        var queue = new DueQueue();
        var later = Entry("a", T0.AddMinutes(5));
        var firstB = Entry("b", T0);
        var firstUpperA = Entry("A", T0);
        foreach (var entry in new[] { later, firstB, firstUpperA })
        {
            queue.Add(entry);
        }

        var taken = new List<string?>
        {
            queue.TakeDue(T0, Waiting)?.Envelope.Id,
            queue.TakeDue(T0, Waiting)?.Envelope.Id,
            queue.TakeDue(T0, Waiting)?.Envelope.Id,
        };

        Assert.That(taken, Is.EqualTo(new[] { "A", "b", null }), "'A' sorts before 'b' ordinally; 'a' is not due yet");
        Assert.That(queue.Earliest(Waiting), Is.EqualTo(T0.AddMinutes(5)));
        Assert.That(queue.TakeDue(T0.AddMinutes(5), Waiting), Is.SameAs(later));
    }

    [Test]
    public void A_copy_whose_due_time_changed_or_whose_entry_left_is_dropped()
    {
        var queue = new DueQueue();
        var moved = Entry("moved", T0.AddMinutes(10));
        var gone = Entry("gone", T0);
        queue.Add(moved);
        queue.Add(gone);
        moved.DueAt = T0.AddMinutes(1);
        queue.Add(moved);
        var present = new HashSet<QueueEntry> { moved };

        bool StillQueued(QueueEntry entry) => present.Contains(entry) && !entry.InFlight;

        Assert.That(queue.Earliest(StillQueued), Is.EqualTo(T0.AddMinutes(1)), "the deleted entry's copy is skipped");
        Assert.That(queue.TakeDue(T0.AddMinutes(1), StillQueued), Is.SameAs(moved));
        Assert.That(queue.Earliest(StillQueued), Is.Null, "the copy at the old due time is stale");
        Assert.That(queue.Count, Is.Zero);
    }

    [Test]
    public void An_entry_in_flight_is_not_taken_again()
    {
        var queue = new DueQueue();
        var entry = Entry("x", T0);
        queue.Add(entry);
        queue.Add(entry);

        var first = queue.TakeDue(T0, Waiting);
        first!.InFlight = true;

        Assert.That(queue.TakeDue(T0, Waiting), Is.Null);
    }

    private static bool Waiting(QueueEntry entry) => !entry.InFlight;

    private static QueueEntry Entry(string id, DateTimeOffset due) => new(new SpoolEnvelope { Id = id, ReversePath = "a@example.com", Recipients = [] }, due);
}
