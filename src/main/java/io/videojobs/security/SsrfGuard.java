package io.videojobs.security;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.videojobs.config.FetchConfig;
import io.videojobs.error.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
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
 * Keeps source URLs away from internal networks at submission: loopback, private, link-local (cloud metadata),
 * unique-local, CGNAT, reserved and unspecified addresses are refused unless the host is allowlisted. This is an
 * early answer for the user; what protects the fetch itself is {@link PinnedHttpClient}, which checks again and
 * connects only to the addresses it checked.
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

    /**
     * Whether an address belongs to a range no user-supplied URL may reach: loopback, private, link-local
     * (where cloud metadata lives), CGNAT, multicast, unspecified, and the special-purpose ranges that are not
     * globally reachable (IANA's registries); an IPv6 address that carries an IPv4 one (mapped, compatible,
     * NAT64, 6to4) is judged by the IPv4 address it carries.
     */
    static boolean isInternal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        return address instanceof Inet4Address ? isInternalV4(b) : isInternalV6(b);
    }

    private static boolean isInternalV4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        int third = b[2] & 0xff;
        return first == 0                                          // "this" network
                || first == 10 || first == 127                     // private, loopback
                || (first == 100 && second >= 64 && second <= 127) // CGNAT 100.64/10
                || (first == 169 && second == 254)                 // link-local, cloud metadata
                || (first == 172 && second >= 16 && second <= 31)  // private
                || (first == 192 && second == 168)                 // private
                || (first == 192 && second == 0 && (third == 0 || third == 2)) // IETF assignments, documentation
                || (first == 192 && second == 88 && third == 99)   // 6to4 relay anycast
                || (first == 198 && (second == 18 || second == 19)) // benchmarking
                || (first == 198 && second == 51 && third == 100)  // documentation
                || (first == 203 && second == 0 && third == 113)   // documentation
                || first >= 224;                                   // multicast, reserved, broadcast
    }

    private static boolean isInternalV6(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if ((first & 0xfe) == 0xfc || first == 0xff                // unique-local fc00::/7, multicast
                || (first == 0xfe && (second & 0xc0) == 0x80)      // link-local fe80::/10
                || (first == 0xfe && (second & 0xc0) == 0xc0)) {   // site-local fec0::/10
            return true;
        }
        if (isMappedOrCompatibleV4(b)) {                           // ::ffff:a.b.c.d and ::a.b.c.d
            return isInternalV4(new byte[]{b[12], b[13], b[14], b[15]});
        }
        if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) { // NAT64 64:ff9b::/32
            return !allZero(b, 4, 12) || isInternalV4(new byte[]{b[12], b[13], b[14], b[15]});
        }
        if (first == 0x20 && second == 0x02) {                     // 6to4 2002::/16 carries a.b.c.d in bits 16-47
            return isInternalV4(new byte[]{b[2], b[3], b[4], b[5]});
        }
        if (first == 0x01 && second == 0x00 && allZero(b, 2, 8)) { // discard-only 100::/64
            return true;
        }
        return first == 0x20 && second == 0x01 && ((b[2] & 0xfe) == 0x00     // IETF protocol assignments 2001::/23
                || ((b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8));         // documentation 2001:db8::/32
    }

    private static boolean isMappedOrCompatibleV4(byte[] b) {
        return allZero(b, 0, 10) && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff));
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether a host resolved to an internal address, and until when that answer is trusted. */
    private record Verdict(boolean internal, long expiresAtNanos) {
    }
}
