package io.videojobs.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS through the pinned client: connected to the checked loopback address, it still sends the URL's host name as
 * TLS SNI and in {@code Host}, and checks the server's certificate against that name, not the address. The server
 * is a real TLS server with a certificate made by the JDK's keytool for {@value #HOST} only.
 */
class PinnedHttpsTest {

    private static final String HOST = "hooks.example.test";
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static SSLContext clientTls;
    private static final List<String> sniSeen = new CopyOnWriteArrayList<>();
    private static final List<String> hostSeen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startTlsServer() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + HOST, "-ext", "san=dns:" + HOST, "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0,
                new String(keytool.getInputStream().readAllBytes()));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);

        Certificate certificate = keys.getCertificate("server");
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("server", certificate);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trustManagers.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/", exchange -> {
            try (exchange) {
                ExtendedSSLSession session = (ExtendedSSLSession) ((HttpsExchange) exchange).getSSLSession();
                for (SNIServerName name : session.getRequestedServerNames()) {
                    sniSeen.add(((SNIHostName) name).getAsciiName());
                }
                hostSeen.add(exchange.getRequestHeaders().getFirst("Host"));
                byte[] body = "secure".getBytes();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stopTlsServer() {
        server.stop(0);
    }

    @Test
    void anHttpsRequestToTheCheckedAddressSendsTheHostNameAsSniAndVerifiesTheCertificateForIt() throws Exception {
        PinnedHttpClient client = new PinnedHttpClient(host -> List.of(InetAddress.getByName("127.0.0.1")),
                List.of(HOST), clientTls.getSocketFactory());
        int port = server.getAddress().getPort();

        try (PinnedHttpClient.Response response = client.send(new PinnedHttpClient.Request("GET",
                URI.create("https://" + HOST + ":" + port + "/tls"), Map.of(), null, Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(10)))) {
            assertEquals(200, response.status());
            assertEquals("secure", new String(response.readBody(100)));
        }
        assertEquals(List.of(HOST), sniSeen);
        assertEquals(List.of(HOST + ":" + port), hostSeen);
    }

    @Test
    void aCertificateForAnotherNameIsRefusedThoughTheAddressIsTheSame() throws IOException {
        PinnedHttpClient client = new PinnedHttpClient(host -> List.of(InetAddress.getByName("127.0.0.1")),
                List.of("other.example.test"), clientTls.getSocketFactory());
        int port = server.getAddress().getPort();

        assertThrows(SSLHandshakeException.class, () -> client.send(new PinnedHttpClient.Request("GET",
                URI.create("https://other.example.test:" + port + "/tls"), Map.of(), null, Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(10))));
    }
}
