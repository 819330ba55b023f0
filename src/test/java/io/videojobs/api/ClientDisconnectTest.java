package io.videojobs.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.videojobs.support.JobApi;
import io.videojobs.support.TestDatabase;
import io.videojobs.support.TestTokens;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Clients that vanish while their request is inside a database transaction must not leak pooled connections
 * nor leave half-done work: every started change still commits, and the service keeps serving.
 */
@QuarkusTest
class ClientDisconnectTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void clientsVanishingMidTransactionLeakNoConnectionAndLoseNoChange() throws Exception {
        String token = TestTokens.user("vanishing-" + UUID.randomUUID());
        JobApi owner = JobApi.as(token);
        String jobId = owner.submitJob();

        List<Socket> vanishing = new ArrayList<>();
        try (Connection blocker = TestDatabase.connect()) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("SELECT id FROM jobs WHERE id = '" + jobId + "' FOR UPDATE");
            }
            for (int i = 0; i < 30; i++) {
                vanishing.add(sendPatch(jobId, token, "Title " + i));
            }
            Thread.sleep(1500);
            for (Socket socket : vanishing) {
                socket.setSoLinger(true, 0);
                socket.close();
            }
            Thread.sleep(500);
            blocker.commit();
        }

        JobApi survivor = JobApi.as(TestTokens.user("survivor-" + UUID.randomUUID()));
        long started = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            survivor.get(survivor.submitJob()).statusCode(200);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.toSeconds() < 20, "40 submissions after the disconnects took " + took);

        List<Long> seqs = owner.request().queryParam("limit", 1000).get("/api/jobs/" + jobId + "/events")
                .then().statusCode(200).extract().jsonPath().getList("events.seq", Long.class);
        assertEquals(LongStream.rangeClosed(1, 31).boxed().toList(), seqs,
                "every PATCH that reached the database commits, even though its client left");
    }

    private Socket sendPatch(String jobId, String token, String title) throws Exception {
        byte[] body = ("{\"TITLE\":\"" + title + "\"}").getBytes(StandardCharsets.UTF_8);
        String head = "PATCH /api/jobs/" + jobId + "/metadata HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + token + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        Socket socket = new Socket(base.getHost(), base.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.flush();
        return socket;
    }
}
