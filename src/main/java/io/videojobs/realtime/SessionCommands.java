package io.videojobs.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.videojobs.config.RealtimeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Carries out one session's client commands. A new subscription is registered before its snapshot is read,
 * then goes live after its snapshot (stamped with the snapshot's seq) or at the client's resume point;
 * the fan-out then sends every logged event after that seq, so the seam has no gap and no duplicate.
 */
@ApplicationScoped
public class SessionCommands {

    private static final Logger LOG = Logger.getLogger(SessionCommands.class);

    private final JobSnapshotReader reader;
    private final JobFanOut fanOut;
    private final OwnerFeed ownerFeed;
    private final ObjectMapper mapper;
    private final RealtimeConfig config;
    private final RealtimeMetrics metrics;

    public SessionCommands(JobSnapshotReader reader, JobFanOut fanOut, OwnerFeed ownerFeed, ObjectMapper mapper,
                           RealtimeConfig config, RealtimeMetrics metrics) {
        this.reader = reader;
        this.fanOut = fanOut;
        this.ownerFeed = ownerFeed;
        this.mapper = mapper;
        this.config = config;
        this.metrics = metrics;
    }

    Uni<Void> execute(ClientSession session, ClientCommand command) {
        if (command instanceof ClientCommand.Subscribe subscribe) {
            return subscribe(session, subscribe);
        }
        if (command instanceof ClientCommand.SubscribeOwner subscribeOwner) {
            return ownerFeed.subscribe(session, subscribeOwner).invoke(subscribed -> send(session, subscribed))
                    .onFailure().recoverWithItem(failure -> {
                        LOG.errorf(failure, "Subscribing %s to their new jobs failed", session.caller().userId());
                        ownerFeed.unsubscribe(session);
                        send(session, WsMessage.error(null, MessageTypes.INTERNAL_ERROR, "Subscribing failed; please retry"));
                        return null;
                    })
                    .invoke(() -> {
                        if (session.isClosing()) {
                            ownerFeed.unsubscribe(session);
                        }
                    })
                    .replaceWithVoid();
        }
        if (command instanceof ClientCommand.UnsubscribeOwner) {
            ownerFeed.unsubscribe(session);
            send(session, WsMessage.connection(MessageTypes.OWNER_UNSUBSCRIBED, Map.of()));
        } else if (command instanceof ClientCommand.Unsubscribe unsubscribe) {
            unsubscribe(session, unsubscribe.jobIds());
            send(session, WsMessage.connection(MessageTypes.UNSUBSCRIBED, new MessageData.Unsubscribed(unsubscribe.jobIds())));
        } else if (command instanceof ClientCommand.Ping) {
            send(session, WsMessage.connection(MessageTypes.PONG, new MessageData.Pong(System.currentTimeMillis())));
        } else if (command instanceof ClientCommand.SubscribeStats) {
            if (session.caller().admin()) {
                session.subscribeToStats();
                send(session, WsMessage.connection(MessageTypes.STATS_SUBSCRIBED, Map.of()));
            } else {
                send(session, WsMessage.error(null, MessageTypes.FORBIDDEN, "Only admins can subscribe to statistics"));
            }
        } else if (command instanceof ClientCommand.UnsubscribeStats) {
            session.unsubscribeFromStats();
            send(session, WsMessage.connection(MessageTypes.STATS_UNSUBSCRIBED, Map.of()));
        }
        return Uni.createFrom().voidItem();
    }

    /** Drops every subscription of a closed session. */
    void closeAll(ClientSession session) {
        ownerFeed.unsubscribe(session);
        unsubscribe(session, session.subscribedJobIds());
    }

    private Uni<Void> subscribe(ClientSession session, ClientCommand.Subscribe command) {
        List<UUID> fresh = command.jobIds().stream().filter(id -> !session.isSubscribedTo(id)).toList();
        if (session.subscriptionCount() + fresh.size() > config.maxSubscriptionsPerConnection()) {
            metrics.subscriptionLimited();
            send(session, WsMessage.error(null, MessageTypes.TOO_MANY_SUBSCRIPTIONS, "A connection may hold at most "
                    + config.maxSubscriptionsPerConnection() + " subscriptions; it holds " + session.subscriptionCount()));
            return Uni.createFrom().voidItem();
        }
        if (fresh.isEmpty()) {
            send(session, WsMessage.connection(MessageTypes.SUBSCRIBED, new MessageData.Subscribed(command.jobIds(), List.of())));
            return Uni.createFrom().voidItem();
        }
        return reader.heads(fresh).chain(heads -> {
            List<UUID> accepted = new ArrayList<>();
            List<UUID> rejected = new ArrayList<>();
            Map<Subscription, Long> resumed = new LinkedHashMap<>();
            List<Subscription> needSnapshot = new ArrayList<>();
            List<WsMessage> resyncs = new ArrayList<>();
            for (UUID jobId : command.jobIds()) {
                JobSnapshotReader.JobHead head = heads.get(jobId);
                if (!fresh.contains(jobId)) {
                    accepted.add(jobId);
                } else if (head == null || !session.caller().canAccess(head.ownerId())) {
                    rejected.add(jobId);
                } else {
                    accepted.add(jobId);
                    Subscription sub = session.addSubscription(jobId);
                    fanOut.register(sub);
                    Long since = command.since().get(jobId);
                    String gap = since == null ? null : resumeProblem(head, since);
                    if (since != null && gap == null) {
                        resumed.put(sub, since);
                    } else {
                        needSnapshot.add(sub);
                        if (since != null) {
                            resyncs.add(WsMessage.aboutJob(MessageTypes.RESYNC_REQUIRED, jobId, new MessageData.ResyncRequired(
                                    since, head.firstKeptSeq(), head.lastSeq(), gap), head.lastSeq()));
                        }
                    }
                }
            }
            send(session, WsMessage.connection(MessageTypes.SUBSCRIBED, new MessageData.Subscribed(accepted, rejected)));
            for (UUID jobId : rejected) {
                send(session, WsMessage.error(jobId, MessageTypes.JOB_NOT_FOUND, "Job not found"));
            }
            resumed.forEach(Subscription::goLiveAfter);
            resyncs.forEach(message -> send(session, message));
            List<UUID> snapshotIds = needSnapshot.stream().map(Subscription::jobId).toList();
            return reader.snapshots(snapshotIds).invoke(snapshots -> {
                for (Subscription sub : needSnapshot) {
                    JobSnapshotReader.JobSnapshot snapshot = snapshots.get(sub.jobId());
                    if (snapshot == null) {
                        continue;
                    }
                    snapshot.messages().forEach(message -> send(session, message));
                    sub.goLiveAfter(snapshot.lastSeq());
                }
                List<UUID> woken = new ArrayList<>(snapshotIds);
                resumed.keySet().forEach(sub -> woken.add(sub.jobId()));
                fanOut.wake(woken);
            }).replaceWithVoid();
        }).onFailure().recoverWithItem(failure -> {
            LOG.errorf(failure, "Subscribing %s to %s failed", session.caller().userId(), command.jobIds());
            for (UUID jobId : command.jobIds()) {
                Subscription sub = session.subscriptionTo(jobId);
                if (sub != null && !sub.isLive() && fresh.contains(jobId)) {
                    session.removeSubscription(jobId);
                    fanOut.unregister(sub);
                }
            }
            send(session, WsMessage.error(null, MessageTypes.INTERNAL_ERROR, "Subscribing failed; please retry"));
            return null;
        }).invoke(() -> {
            if (session.isClosing()) {
                closeAll(session);
            }
        });
    }

    /** Why the events after {@code since} cannot be replayed, or null when they can. */
    private static String resumeProblem(JobSnapshotReader.JobHead head, long since) {
        if (since > head.lastSeq()) {
            return "since is ahead of the job's log (last seq " + head.lastSeq() + ")";
        }
        if (since == head.lastSeq()) {
            return null;
        }
        if (head.firstKeptSeq() == null || since < head.firstKeptSeq() - 1) {
            return "events after seq " + since + " are no longer kept";
        }
        return null;
    }

    private void unsubscribe(ClientSession session, List<UUID> jobIds) {
        for (UUID jobId : jobIds) {
            Subscription sub = session.removeSubscription(jobId);
            if (sub != null) {
                fanOut.unregister(sub);
            }
        }
    }

    void send(ClientSession session, WsMessage message) {
        try {
            session.send(mapper.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + message.type(), e);
        }
    }
}
