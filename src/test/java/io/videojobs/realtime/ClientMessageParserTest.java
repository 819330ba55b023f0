package io.videojobs.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.videojobs.config.RealtimeConfig;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Client message validation: every malformed message gets a precise explanation. */
class ClientMessageParserTest {

    private final ClientMessageParser parser = new ClientMessageParser(new ObjectMapper(), config(3));

    @Test
    void parsesSubscribeWithSince() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        ClientCommand command = parser.parse("{\"action\":\"subscribe\",\"job_ids\":[\"" + a + "\",\"" + b + "\",\"" + a
                + "\"],\"since\":{\"" + b + "\":7}}");
        ClientCommand.Subscribe subscribe = assertInstanceOf(ClientCommand.Subscribe.class, command);
        assertEquals(List.of(a, b), subscribe.jobIds(), "duplicates collapse, order kept");
        assertEquals(Map.of(b, 7L), subscribe.since());
    }

    @Test
    void parsesTheOtherActions() {
        assertInstanceOf(ClientCommand.Ping.class, parser.parse("{\"action\":\"ping\"}"));
        assertInstanceOf(ClientCommand.Heartbeat.class, parser.parse("{\"action\":\"heartbeat\"}"));
        assertInstanceOf(ClientCommand.SubscribeStats.class, parser.parse("{\"action\":\"subscribe_stats\"}"));
        assertInstanceOf(ClientCommand.UnsubscribeStats.class, parser.parse("{\"action\":\"unsubscribe_stats\"}"));
        assertInstanceOf(ClientCommand.Unsubscribe.class,
                parser.parse("{\"action\":\"unsubscribe\",\"job_ids\":[\"" + UUID.randomUUID() + "\"]}"));
    }

    @Test
    void explainsEachMistake() {
        UUID id = UUID.randomUUID();
        assertMessage("{oops", "not valid JSON");
        assertMessage("[1]", "must be a JSON object");
        assertMessage("{\"job_ids\":[]}", "'action' is required");
        assertMessage("{\"action\":\"dance\"}", "Unknown action 'dance'");
        assertMessage("{\"action\":\"subscribe\",\"job_ids\":\"x\"}", "'job_ids' is required and must be an array");
        assertMessage("{\"action\":\"subscribe\",\"job_ids\":[\"abc\"]}", "'job_ids[0]' is not a valid job id");
        assertMessage("{\"action\":\"subscribe\",\"job_ids\":[1]}", "'job_ids[0]' must be a job id string");
        assertMessage("{\"action\":\"subscribe\",\"job_ids\":[\"" + id + "\",\"" + UUID.randomUUID() + "\",\""
                + UUID.randomUUID() + "\",\"" + UUID.randomUUID() + "\"]}", "at most 3");
        assertMessage("{\"action\":\"subscribe\",\"job_ids\":[\"" + id + "\"],\"since\":{\"" + id + "\":1.5}}",
                "non-negative integer");
        assertMessage("{\"action\":\"subscribe\",\"job_ids\":[\"" + id + "\"],\"since\":{\"" + UUID.randomUUID() + "\":1}}",
                "not in 'job_ids'");
        assertMessage("{\"action\":\"ping\",\"x\":1}", "Unknown field 'x'");
    }

    private void assertMessage(String text, String expected) {
        InvalidClientMessageException e = assertThrows(InvalidClientMessageException.class, () -> parser.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static RealtimeConfig config(int maxJobIds) {
        return (RealtimeConfig) Proxy.newProxyInstance(RealtimeConfig.class.getClassLoader(), new Class<?>[] {RealtimeConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("maxJobIdsPerMessage")) {
                        return maxJobIds;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
