package io.videojobs.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videojobs.support.HttpReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Outgoing requests go only to addresses that were checked, with the host name kept, and never follow a redirect. */
class PinnedHttpClientTest {

    private static final Duration SHORT = Duration.ofMillis(500);
    /** For requests whose timeouts are not under test: generous, so a loaded machine cannot fail them. */
    private static final Duration PATIENT = Duration.ofSeconds(5);

    private HttpReceiver loopback;

    @BeforeEach
    void startListener() {
        loopback = HttpReceiver.start();
    }

    @AfterEach
    void stopListener() {
        loopback.close();
    }

    @Test
    void aNameThatResolvesToAPublicAddressOnTheCheckAndToLoopbackAfterwardsReachesNothingOnLoopback() {
        AtomicInteger lookups = new AtomicInteger();
        PinnedHttpClient.Resolver rebinding = host -> List.of(InetAddress.getByName(
                lookups.getAndIncrement() == 0 ? "93.184.215.14" : "127.0.0.1"));
        PinnedHttpClient client = new PinnedHttpClient(rebinding, List.of());

        URI uri = URI.create("http://rebind.example.test:" + loopback.port() + "/secret");
        assertThrows(IOException.class, () -> client.send(get(uri)).close(),
                "the only connection attempt goes to the public address it checked, which does not answer here");

        assertEquals(1, lookups.get(), "the name is resolved once, for the check and the connection alike");
        assertEquals(List.of(), loopback.received(), "the loopback listener saw no request");
    }

    @Test
    void theConnectionGoesToTheCheckedAddressWithTheHostNameKeptInTheHostHeader() throws Exception {
        PinnedHttpClient client = new PinnedHttpClient(host -> List.of(InetAddress.getByName("127.0.0.1")),
                List.of("hooks.example.test"));

        try (PinnedHttpClient.Response response = client.send(get(URI.create(
                "http://hooks.example.test:" + loopback.port() + "/in?x=1")))) {
            assertEquals(200, response.status());
        }

        HttpReceiver.Received request = loopback.received().get(0);
        assertEquals("hooks.example.test:" + loopback.port(), request.header("Host"));
        assertEquals("/in?x=1", request.path());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.8", "172.20.1.1", "192.168.1.20", "169.254.169.254", "100.64.1.1",
            "224.0.0.251", "240.0.0.1", "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1",
            "::ffff:169.254.169.254", "64:ff9b::7f00:1", "2002:7f00:1::1", "192.0.2.10"})
    void aNameResolvingToAnInternalAddressIsRefusedBeforeAnyConnection(String address) throws Exception {
        InetAddress internal = InetAddress.getByName(address);
        PinnedHttpClient client = new PinnedHttpClient(host -> List.of(internal), List.of());

        assertThrows(PinnedHttpClient.ForbiddenTargetException.class,
                () -> client.send(get(URI.create("http://innocent.example.test:" + loopback.port() + "/"))));
        assertEquals(List.of(), loopback.received());
    }

    @Test
    void oneInternalAddressAmongPublicOnesIsEnoughToRefuse() throws Exception {
        List<InetAddress> mixed = List.of(InetAddress.getByName("93.184.215.14"), InetAddress.getByName("127.0.0.1"));
        PinnedHttpClient client = new PinnedHttpClient(host -> mixed, List.of());

        assertThrows(PinnedHttpClient.ForbiddenTargetException.class,
                () -> client.check(URI.create("http://mixed.example.test/")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:%d/", "http://[::1]:%d/", "http://[::ffff:127.0.0.1]:%d/",
            "http://localhost:%d/", "http://metadata.google.internal:%d/computeMetadata/v1/"})
    void internalUrlsAreRefusedWithTheSystemResolver(String template) {
        PinnedHttpClient client = new PinnedHttpClient(PinnedHttpClient.SYSTEM_RESOLVER, List.of());

        assertThrows(PinnedHttpClient.ForbiddenTargetException.class,
                () -> client.send(get(URI.create(template.formatted(loopback.port())))));
        assertEquals(List.of(), loopback.received());
    }

    @Test
    void aRedirectIsReturnedToTheCallerAndNotFollowed() throws Exception {
        loopback.respondWith(request -> request.path().equals("/start")
                ? new HttpReceiver.Answer(302, Map.of("Location", "/elsewhere"), "")
                : HttpReceiver.Answer.status(200));
        PinnedHttpClient client = new PinnedHttpClient(PinnedHttpClient.SYSTEM_RESOLVER, List.of("127.0.0.1"));

        try (PinnedHttpClient.Response response = client.send(get(URI.create(loopback.url("/start"))))) {
            assertEquals(302, response.status());
            assertEquals("/elsewhere", response.header("location"));
        }
        assertEquals(List.of("/start"), loopback.received().stream().map(HttpReceiver.Received::path).toList());
    }

    @Test
    void aPostCarriesItsHeadersAndBodyAndTheAnswerIsRead() throws Exception {
        loopback.respondWith(request -> new HttpReceiver.Answer(201, Map.of("X-Seen", "yes"), "thanks"));
        PinnedHttpClient client = new PinnedHttpClient(PinnedHttpClient.SYSTEM_RESOLVER, List.of("127.0.0.1"));

        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        try (PinnedHttpClient.Response response = client.send(new PinnedHttpClient.Request("POST",
                URI.create(loopback.url("/hook")), Map.of("Content-Type", "application/json", "webhook-id", "msg_1"),
                body, PATIENT, PATIENT, Duration.ofSeconds(10)))) {
            assertEquals(201, response.status());
            assertEquals("yes", response.header("X-Seen"));
            assertEquals("thanks", new String(response.readBody(1024), StandardCharsets.UTF_8));
        }
        HttpReceiver.Received request = loopback.received().get(0);
        assertEquals("POST", request.method());
        assertEquals("msg_1", request.header("webhook-id"));
        assertEquals("{\"a\":1}", request.bodyText());
    }

    @Test
    void aChunkedAnswerIsReadWhole() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Thread server = new Thread(() -> {
                try (Socket socket = raw.accept()) {
                    InputStream in = socket.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (head.indexOf("\r\n\r\n") < 0) {
                        head.append((char) in.read());
                    }
                    OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException e) {
                    // the test fails on the client side
                }
            });
            server.start();
            PinnedHttpClient client = new PinnedHttpClient(PinnedHttpClient.SYSTEM_RESOLVER, List.of("127.0.0.1"));
            try (PinnedHttpClient.Response response = client.send(get(
                    URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/")))) {
                assertEquals(200, response.status());
                assertEquals("hello, world", new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            server.join(5000);
        }
    }

    @Test
    void aReceiverThatNeverAnswersIsCutAtTheTotalTimeout() {
        loopback.respondWith(request -> {
            Thread.sleep(10_000);
            return HttpReceiver.Answer.status(200);
        });
        PinnedHttpClient client = new PinnedHttpClient(PinnedHttpClient.SYSTEM_RESOLVER, List.of("127.0.0.1"));

        long start = System.nanoTime();
        assertThrows(IOException.class, () -> client.send(new PinnedHttpClient.Request("POST",
                URI.create(loopback.url("/slow")), Map.of(), new byte[0], SHORT, Duration.ofSeconds(30),
                Duration.ofMillis(700))));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(millis < 5000, "cut after " + millis + " ms");
    }

    @Test
    void anUnresolvableNameIsAnUnknownHost() {
        PinnedHttpClient client = new PinnedHttpClient(host -> {
            throw new UnknownHostException(host);
        }, List.of());

        assertThrows(UnknownHostException.class, () -> client.send(get(URI.create("http://nowhere.invalid/"))));
    }

    private static PinnedHttpClient.Request get(URI uri) {
        return PinnedHttpClient.Request.get(uri, PATIENT, PATIENT);
    }
}
