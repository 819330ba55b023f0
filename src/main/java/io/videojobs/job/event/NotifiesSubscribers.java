package io.videojobs.job.event;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a write method (returning {@code Uni}, usually also {@code @WithTransaction}) whose success
 * means job events were committed. Once the returned {@code Uni} succeeds, which is after the commit
 * because this interceptor runs outside the transaction interceptor, the changed jobs are pushed to
 * local subscribers and announced to other instances. Changed jobs are every {@code UUID} or
 * {@link io.videojobs.job.Job} argument plus the job(s) of the result ({@code Job}, {@code JobDetails},
 * {@code JobEvent}, {@code UUID}, or an {@code Iterable} of those). Naming an extra id is harmless; a
 * missed one is still delivered by the periodic sweep, only later.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface NotifiesSubscribers {
}
