package io.videojobs.security;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.videojobs.config.FetchConfig;
import io.videojobs.error.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Keeps source URLs away from internal networks: loopback, private, link-local (cloud metadata),
 * unique-local, CGNAT and unspecified addresses are refused unless the host is allowlisted.
 */
@ApplicationScoped
public class SsrfGuard {

    private static final Duration SUBMIT_RESOLVE_TIMEOUT = Duration.ofSeconds(2);
    /** As long as the JDK caches a successful lookup by default. */
    private static final Duration VERDICT_TTL = Duration.ofSeconds(30);
    private static final int MAX_VERDICTS = 10_000;
    private static final String FIELD = "source_url";

    private final Set<String> allowedHosts;
    private final Vertx vertx;
    private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();

    public SsrfGuard(FetchConfig config, Vertx vertx) {
        this.vertx = vertx;
        this.allowedHosts = config.allowedHosts().orElse(List.of()).stream()
                .map(host -> host.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Submission-time check of an already well-formed http(s) URL. Resolution runs on a worker thread (the
     * answer comes back on the caller's Vert.x context) and its verdict is remembered for
     * {@link #VERDICT_TTL}, so a burst of submissions from one host costs one lookup. A name that does not
     * resolve (or not in time) is accepted here and fails later, at fetch time, which checks again anyway.
     */
    public Uni<Void> checkSubmitted(String url) {
        String host = hostOf(URI.create(url));
        if (isAllowlisted(host)) {
            return Uni.createFrom().voidItem();
        }
        Verdict known = verdicts.get(host);
        if (known != null && known.expiresAtNanos() - System.nanoTime() > 0) {
            return verdict(known.internal());
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> resolveOrEmpty(host)), false)
                .ifNoItem().after(SUBMIT_RESOLVE_TIMEOUT).recoverWithItem(List.of())
                .chain(addresses -> {
                    boolean internal = addresses.stream().anyMatch(SsrfGuard::isInternal);
                    if (verdicts.size() >= MAX_VERDICTS) {
                        verdicts.clear();
                    }
                    verdicts.put(host, new Verdict(internal, System.nanoTime() + VERDICT_TTL.toNanos()));
                    return verdict(internal);
                });
    }

    private static Uni<Void> verdict(boolean internal) {
        return internal
                ? Uni.createFrom().failure(ServiceException.invalid(FIELD, "points to an internal network address, which is not allowed"))
                : Uni.createFrom().voidItem();
    }

    /** Fetch-time check (blocking): resolves the host and returns its addresses, all of them public or allowlisted. */
    public List<InetAddress> checkFetched(URI uri) throws UnknownHostException, ForbiddenTargetException {
        String host = hostOf(uri);
        List<InetAddress> addresses = List.of(InetAddress.getAllByName(host));
        if (!isAllowlisted(host) && addresses.stream().anyMatch(SsrfGuard::isInternal)) {
            throw new ForbiddenTargetException(host);
        }
        return addresses;
    }

    private boolean isAllowlisted(String host) {
        return allowedHosts.contains(host);
    }

    private static List<InetAddress> resolveOrEmpty(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }

    private static String hostOf(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Whether an address belongs to a range no user-supplied URL may reach. */
    static boolean isInternal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0                                  // "this" network
                    || (first == 100 && second >= 64 && second <= 127) // CGNAT 100.64/10
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240;                           // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {                      // unique-local fc00::/7
                return true;
            }
            if (isMappedOrCompatibleV4(b)) {                   // ::ffff:a.b.c.d hides a v4 address
                try {
                    return isInternal(InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isMappedOrCompatibleV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff);
    }

    /** Whether a host resolved to an internal address, and until when that answer is trusted. */
    private record Verdict(boolean internal, long expiresAtNanos) {
    }

    /** A URL whose host resolves to an internal address that is not allowlisted. */
    public static class ForbiddenTargetException extends Exception {
        public ForbiddenTargetException(String host) {
            super("Source host " + host + " resolves to an internal network address, which is not allowed", null, false, false);
        }
    }
}
