package io.videojobs.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Detaches the work of a {@link CompletesDespiteDisconnect} method from its caller's cancellation: the
 * returned Uni subscribes to the real one and, if cancelled, lets it finish (commit or roll back) and drops
 * its result.
 */
@CompletesDespiteDisconnect
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class DisconnectShield {

    @AroundInvoke
    Object shield(InvocationContext context) throws Exception {
        Object result = context.proceed();
        if (result instanceof Uni<?> work) {
            return Uni.createFrom().emitter(emitter -> work.subscribe().with(emitter::complete, emitter::fail));
        }
        return result;
    }
}
