package io.videojobs.api;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks endpoints whose database work must run to its end even when the HTTP client goes away. Without it,
 * a client that disconnects mid-request cancels the Uni inside an open Hibernate Reactive transaction, which
 * can leak the pooled connection (quarkusio/quarkus#51576) and, under load, exhaust the pool.
 */
@InterceptorBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface CompletesDespiteDisconnect {
}
