package io.videojobs.realtime;

import io.smallrye.mutiny.Uni;
import io.videojobs.job.Job;
import io.videojobs.job.JobDetails;
import io.videojobs.job.event.NotifiesSubscribers;
import io.videojobs.job.event.JobEvent;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Reports the jobs changed by a {@link NotifiesSubscribers} method after its transaction commits. Its
 * priority is below that of Hibernate Reactive Panache's {@code WithTransactionInterceptor} (200), so it
 * wraps the transaction and sees the {@code Uni} that completes only after the commit.
 */
@NotifiesSubscribers
@Interceptor
@Priority(NotifiesSubscribersInterceptor.PRIORITY)
public class NotifiesSubscribersInterceptor {

    /** Outside {@code @WithTransaction} (priority 200): smaller numbers wrap larger ones. */
    static final int PRIORITY = 100;

    private final JobChangeNotifier notifier;

    public NotifiesSubscribersInterceptor(JobChangeNotifier notifier) {
        this.notifier = notifier;
    }

    @AroundInvoke
    Object notifyAfterCommit(InvocationContext context) throws Exception {
        Object result = context.proceed();
        if (!(result instanceof Uni<?> uni)) {
            throw new IllegalStateException("@NotifiesSubscribers needs a method returning Uni: " + context.getMethod());
        }
        Set<UUID> fromArguments = new LinkedHashSet<>();
        for (Object argument : context.getParameters()) {
            collect(argument, fromArguments);
        }
        return uni.invoke(value -> {
            Set<UUID> changed = new LinkedHashSet<>(fromArguments);
            collect(value, changed);
            if (!changed.isEmpty()) {
                notifier.jobsChanged(changed);
            }
        });
    }

    private static void collect(Object value, Set<UUID> into) {
        if (value instanceof UUID id) {
            into.add(id);
        } else if (value instanceof Job job && job.id != null) {
            into.add(job.id);
        } else if (value instanceof JobDetails details && details.job() != null) {
            into.add(details.job().id);
        } else if (value instanceof JobEvent event) {
            into.add(event.jobId);
        } else if (value instanceof Iterable<?> items) {
            for (Object item : items) {
                if (item instanceof UUID || item instanceof Job || item instanceof JobDetails || item instanceof JobEvent) {
                    collect(item, into);
                }
            }
        }
    }
}
