using Relay.Delivery.Bounces;
using Relay.Delivery.Events;
using Relay.Delivery.Metrics;
using Relay.Delivery.Routing;
using Relay.Delivery.Spool;
using Relay.Delivery.Suppression;

namespace Relay.Delivery.Queue;

/// <summary>What a <see cref="DeliveryScheduler"/> is made of; each part is a seam with a real default in the host.</summary>
/// <param name="Spool">Where messages are kept until every recipient is done.</param>
/// <param name="Router">Smarthost or MX routing.</param>
/// <param name="Transport">The SMTP client side.</param>
/// <param name="Notifications">Builds delivery status notifications.</param>
/// <param name="Bounces">Sends them (through Relay, signed by the provider).</param>
/// <param name="Counters">Totals for the metrics endpoint.</param>
/// <param name="Commands">Operator requests from the CLI; null for none.</param>
/// <param name="Suppression">The accounts' suppression lists; null for none.</param>
/// <param name="Events">Where Send, Delivery, Bounce and DeliveryDelay events go; null for nowhere.</param>
public sealed record DeliverySchedulerParts(
    IMessageSpool Spool,
    IDeliveryRouter Router,
    IDeliveryTransport Transport,
    DsnBuilder Notifications,
    IBounceSubmitter Bounces,
    DeliveryCounters Counters,
    SpoolCommandInbox? Commands,
    IRecipientSuppression? Suppression = null,
    IDeliveryEventSink? Events = null);
