package io.videojobs.realtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.videojobs.config.RealtimeConfig;
import io.videojobs.job.JobStatus;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The operator statistics feed: every stats interval, admins who sent {@code subscribe_stats} receive a
 * {@code STATS_UPDATE} with this instance's connections, subscriptions and send rate, and the jobs by status.
 */
@ApplicationScoped
public class StatsFeed {

    private static final Logger LOG = Logger.getLogger(StatsFeed.class);

    private final SessionRegistry sessions;
    private final SessionCommands commands;
    private final JobFanOut fanOut;
    private final JobChangeNotifier notifier;
    private final JobChangeListener listener;
    private final Pool pool;
    private final RealtimeConfig config;
    private final Vertx vertx;
    private long timer = -1;
    private long lastSent;
    private long lastAtNanos = System.nanoTime();

    public StatsFeed(SessionRegistry sessions, SessionCommands commands, JobFanOut fanOut, JobChangeNotifier notifier,
                     JobChangeListener listener, RealtimeDatabase database, RealtimeConfig config, Vertx vertx) {
        this.sessions = sessions;
        this.commands = commands;
        this.fanOut = fanOut;
        this.notifier = notifier;
        this.listener = listener;
        this.pool = database.pool();
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.statsInterval().toMillis(), id -> publish());
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    private void publish() {
        long now = System.nanoTime();
        long sent = sessions.messagesSent();
        double perSecond = (sent - lastSent) / ((now - lastAtNanos) / 1e9);
        lastSent = sent;
        lastAtNanos = now;
        List<ClientSession> subscribers = sessions.sessions().stream().filter(ClientSession::receivesStats).toList();
        if (subscribers.isEmpty()) {
            return;
        }
        pool.query("select status, count(*) as n from jobs group by status").execute().subscribe().with(rows -> {
            Map<String, Long> byStatus = new LinkedHashMap<>();
            for (JobStatus status : JobStatus.values()) {
                byStatus.put(status.name(), 0L);
            }
            for (Row row : rows) {
                byStatus.put(row.getString("status"), row.getLong("n"));
            }
            WsMessage message = WsMessage.connection(MessageTypes.STATS_UPDATE, new MessageData.Stats(
                    notifier.senderId(), sessions.connectionCount(), fanOut.subscriptionCount(), subscribers.size(),
                    byStatus, Math.round(perSecond * 10) / 10.0, sessions.slowConsumersClosed(), listener.connected()));
            subscribers.forEach(session -> commands.send(session, message));
        }, failure -> LOG.warnf("Cannot read job statistics: %s", failure.getMessage()));
    }
}
