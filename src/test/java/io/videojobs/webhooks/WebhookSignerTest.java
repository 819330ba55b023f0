package io.videojobs.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our signing against the Standard Webhooks specification's own example. */
class WebhookSignerTest {

    @Test
    void theSpecificationsExampleSignatureIsReproduced() {
        // spec/standard-webhooks.md, "Signature scheme": this secret, id, timestamp and body sign to this value
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String body = "{\"test\": 2432232314}";

        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                WebhookSigner.signatures(List.of(secret), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                        body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRotationSignsWithEverySecretSeparatedBySpaces() {
        String header = WebhookSigner.signatures(List.of(WebhookSigner.newSecret(), WebhookSigner.newSecret()), "msg_1",
                1, new byte[0]);
        assertEquals(2, header.split(" ").length);
        assertTrue(header.split(" ")[1].startsWith("v1,"));
    }

    @Test
    void aNewSecretIsWhsecAndThirtyTwoRandomBytes() {
        String secret = WebhookSigner.newSecret();
        assertTrue(secret.startsWith("whsec_"));
        assertEquals(32, Base64.getDecoder().decode(secret.substring(6)).length);
        assertNotEquals(secret, WebhookSigner.newSecret());
    }
}
