package io.videojobs.security;

import io.videojobs.concurrent.DaemonThreads;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A blocking HTTP/1.1 client for URLs that users give us (source URLs, webhook endpoints). It resolves the host
 * once, refuses the request when any resolved address is internal ({@link SsrfGuard#isInternal}) or the name is a
 * cloud metadata name, and then connects to one of the addresses it checked, keeping the host name for
 * {@code Host} and TLS SNI and certificate checks. A client that lets the platform resolve the name again after
 * the check (as {@code HttpURLConnection} does) can be sent to an internal address by a DNS answer that changes
 * in between (rebinding). It never follows a redirect (a 3xx is returned to the caller, who checks the next hop
 * with another call) and never uses a proxy.
 */
public final class PinnedHttpClient {

    /** Resolves a host name to its addresses; injectable so that tests can answer differently on every call. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** The platform's resolver. */
    public static final Resolver SYSTEM_RESOLVER = host -> List.of(InetAddress.getAllByName(host));

    /** Names that reach a cloud provider's instance metadata whatever they resolve to. */
    private static final Set<String> METADATA_NAMES = Set.of("metadata", "metadata.google.internal",
            "metadata.goog", "instance-data", "instance-data.ec2.internal", "metadata.azure.internal");
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    /** Closes connections that overran their request's total timeout. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("pinned-http-deadlines"));

    private final Resolver resolver;
    private final Set<String> allowedHosts;
    private final SSLSocketFactory tls;

    /**
     * @param allowedHosts hosts (names or IP literals, as written in URLs) whose internal addresses are allowed
     *                     anyway; meant for tests and documented per setting, empty in production
     */
    public PinnedHttpClient(Resolver resolver, Collection<String> allowedHosts, SSLSocketFactory tls) {
        this.resolver = resolver;
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.tls = tls;
    }

    public PinnedHttpClient(Resolver resolver, Collection<String> allowedHosts) {
        this(resolver, allowedHosts, defaultTls());
    }

    private static SSLSocketFactory defaultTls() {
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("No default TLS context", e);
        }
    }

    /**
     * One request. {@code readTimeout} is the longest wait for the next bytes; {@code totalTimeout}, when not
     * null, closes the connection that long after the request started, whatever it is doing then (a receiver
     * that sends its answer a byte at a time cannot hold a caller longer).
     */
    public record Request(String method, URI uri, Map<String, String> headers, byte[] body,
                          Duration connectTimeout, Duration readTimeout, Duration totalTimeout) {

        public static Request get(URI uri, Duration connectTimeout, Duration readTimeout) {
            return new Request("GET", uri, Map.of(), null, connectTimeout, readTimeout, null);
        }
    }

    /**
     * Resolves and checks a URL's host without connecting: the addresses a request to it would use.
     * Blocking (a DNS lookup): call it on a worker thread.
     */
    public List<InetAddress> check(URI uri) throws UnknownHostException, ForbiddenTargetException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("Only http and https URLs are supported");
        }
        String host = hostOf(uri);
        if (allowedHosts.contains(host)) {
            return resolver.resolve(host);
        }
        if (METADATA_NAMES.contains(host)) {
            throw new ForbiddenTargetException(host);
        }
        List<InetAddress> addresses = resolver.resolve(host);
        if (addresses.isEmpty()) {
            throw new UnknownHostException(host);
        }
        if (addresses.stream().anyMatch(SsrfGuard::isInternal)) {
            throw new ForbiddenTargetException(host);
        }
        return addresses;
    }

    /**
     * Sends a request to one of the addresses {@link #check} returned, trying the next one when a connection is
     * refused or times out. The response's body must be closed by the caller. Blocking.
     */
    public Response send(Request request) throws IOException, ForbiddenTargetException {
        URI uri = request.uri();
        List<InetAddress> addresses = check(uri);
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        Socket plain = connect(addresses, port, request.connectTimeout());
        ScheduledFuture<?> deadline = request.totalTimeout() == null ? null
                : DEADLINES.schedule(() -> closeQuietly(plain), request.totalTimeout().toMillis(), TimeUnit.MILLISECONDS);
        Socket socket = plain;
        try {
            socket.setSoTimeout((int) Math.max(1, request.readTimeout().toMillis()));
            if (https) {
                socket = startTls(plain, hostOf(uri), port);
            }
            writeRequest(socket.getOutputStream(), request, https, port);
            return readResponse(socket, request.method(), deadline);
        } catch (IOException | RuntimeException e) {
            if (deadline != null) {
                deadline.cancel(false);
            }
            socket.close();
            throw e;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing to end a request that overran its time: nothing more to do
        }
    }

    private static Socket connect(List<InetAddress> addresses, int port, Duration timeout) throws IOException {
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket(Proxy.NO_PROXY);
            try {
                socket.connect(new InetSocketAddress(address, port), (int) Math.max(1, timeout.toMillis()));
                return socket;
            } catch (IOException e) {
                socket.close();
                last = e;
            }
        }
        throw last != null ? last : new IOException("No address to connect to");
    }

    private Socket startTls(Socket plain, String host, int port) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(plain, host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isLiteral(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    private static void writeRequest(OutputStream out, Request request, boolean https, int port) throws IOException {
        URI uri = request.uri();
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String host = uri.getHost();
        boolean defaultPort = port == (https ? 443 : 80);
        StringBuilder head = new StringBuilder()
                .append(request.method()).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(defaultPort ? "" : ":" + port).append("\r\n");
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            String name = header.getKey();
            if (name.equalsIgnoreCase("host") || name.equalsIgnoreCase("content-length")
                    || name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("transfer-encoding")) {
                continue;
            }
            head.append(noLineBreaks(name)).append(": ").append(noLineBreaks(header.getValue())).append("\r\n");
        }
        byte[] body = request.body();
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    private static String noLineBreaks(String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("A header must not contain a line break");
        }
        return value;
    }

    private static Response readResponse(Socket socket, String method, ScheduledFuture<?> deadline) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        while (true) {
            String statusLine = readLine(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("Not an HTTP/1.x response");
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("Malformed status line");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            int headBytes = statusLine.length();
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                headBytes += line.length();
                if (headBytes > MAX_HEAD_BYTES) {
                    throw new IOException("The response's head is too large");
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                            (a, b) -> a + ", " + b);
                }
            }
            if (status >= 100 && status < 200) {
                continue; // an interim answer such as 100 Continue: the real one follows
            }
            return new Response(status, headers, bodyOf(in, status, method, headers), socket, deadline);
        }
    }

    private static InputStream bodyOf(InputStream in, int status, String method, Map<String, String> headers) throws IOException {
        if (method.equalsIgnoreCase("HEAD") || status == 204 || status == 304) {
            return InputStream.nullInputStream();
        }
        String encoding = headers.getOrDefault("transfer-encoding", "");
        if (encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new ChunkedInputStream(in);
        }
        String length = headers.get("content-length");
        if (length != null) {
            try {
                return new BoundedInputStream(in, Long.parseLong(length.trim()));
            } catch (NumberFormatException e) {
                throw new IOException("Malformed Content-Length");
            }
        }
        return in;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_HEAD_BYTES) {
                throw new IOException("A response line is too long");
            }
            line.write(b);
        }
        throw new IOException("The connection closed before the response's head ended");
    }

    private static String hostOf(URI uri) {
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("The URL names no host");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    /** A response: status, headers (names lower-case), and the body, read from the open connection. */
    public static final class Response implements Closeable {
        private final int status;
        private final Map<String, String> headers;
        private final InputStream body;
        private final Socket socket;
        private final ScheduledFuture<?> deadline;

        Response(int status, Map<String, String> headers, InputStream body, Socket socket, ScheduledFuture<?> deadline) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.socket = socket;
            this.deadline = deadline;
        }

        public int status() {
            return status;
        }

        /** A header's value (repeated headers joined by {@code ", "}), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The declared length of the body, or -1. */
        public long contentLength() {
            String length = headers.get("content-length");
            try {
                return length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        public InputStream body() {
            return body;
        }

        /** Up to {@code limit} bytes of the body; the rest is left unread. */
        public byte[] readBody(int limit) throws IOException {
            return body.readNBytes(limit);
        }

        /** Sets the longest wait for the next bytes of the body. */
        public void readTimeout(Duration timeout) throws IOException {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        }

        @Override
        public void close() throws IOException {
            if (deadline != null) {
                deadline.cancel(false);
            }
            socket.close();
        }
    }

    /** A URL whose host is internal (by name or by any of its addresses) and not allow-listed. */
    public static class ForbiddenTargetException extends Exception {
        public ForbiddenTargetException(String host) {
            super("The host " + host + " resolves to an internal network address, which is not allowed", null, false, false);
        }
    }

    /** A body of a known length. */
    private static final class BoundedInputStream extends FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long length) {
            super(in);
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new IOException("The connection closed before the body ended");
            }
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int read = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (read < 0) {
                throw new IOException("The connection closed before the body ended");
            }
            remaining -= read;
            return read;
        }
    }

    /** A body in chunked transfer coding. */
    private static final class ChunkedInputStream extends FilterInputStream {
        private long chunkLeft;
        private boolean done;

        ChunkedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                String size = readLine(in);
                int extension = size.indexOf(';');
                try {
                    chunkLeft = Long.parseLong((extension >= 0 ? size.substring(0, extension) : size).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("Malformed chunk size");
                }
                if (chunkLeft == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailers are ignored
                    }
                    done = true;
                    return -1;
                }
            }
            int read = in.read(buffer, offset, (int) Math.min(length, chunkLeft));
            if (read < 0) {
                throw new IOException("The connection closed before the body ended");
            }
            chunkLeft -= read;
            if (chunkLeft == 0) {
                readLine(in);
            }
            return read;
        }
    }
}
