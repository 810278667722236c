using Smarketing.Reporting.Messaging;

namespace Smarketing.Reporting.Tests;

public class LeadLockTests
{
    [Fact]
    public void A_batch_locks_each_lead_once_in_ascending_key_order_whatever_order_its_events_came_in()
    {
        var leads = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();
        var events = leads.Concat(leads.Take(10)).Reverse().ToList(); // some leads have several events in the batch

        var keys = LeadLock.KeysInLockOrder(events);

        Assert.Equal(leads.Select(LeadLock.KeyOf).Distinct().Order(), keys);
        Assert.Equal(keys, LeadLock.KeysInLockOrder(events.OrderBy(_ => Random.Shared.Next())));
    }

    [Fact]
    public void The_key_depends_on_every_byte_of_the_lead_id()
    {
        var id = Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        var bytes = id.ToByteArray();
        for (var i = 0; i < 16; i++)
        {
            var changed = (byte[])bytes.Clone();
            changed[i] ^= 0x01;
            Assert.NotEqual(LeadLock.KeyOf(id), LeadLock.KeyOf(new Guid(changed)));
        }
    }
}
