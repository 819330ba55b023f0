package io.videojobs.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videojobs.config.RealtimeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Turns a client text frame into a {@link ClientCommand}, or explains precisely what is wrong with it. */
@ApplicationScoped
public class ClientMessageParser {

    private static final String ACTIONS = "subscribe, unsubscribe, subscribe_owner, unsubscribe_owner, ping, heartbeat, "
            + "subscribe_stats, unsubscribe_stats";

    private final ObjectMapper mapper;
    private final int maxJobIds;

    public ClientMessageParser(ObjectMapper mapper, RealtimeConfig config) {
        this.mapper = mapper;
        this.maxJobIds = config.maxJobIdsPerMessage();
    }

    public ClientCommand parse(String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidClientMessageException("Message is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidClientMessageException("Message must be a JSON object with an 'action' field");
        }
        JsonNode action = root.get("action");
        if (action == null || !action.isTextual()) {
            throw new InvalidClientMessageException("Field 'action' is required and must be a string, one of: " + ACTIONS);
        }
        return switch (action.asText()) {
            case "subscribe" -> {
                allowOnly(root, Set.of("action", "job_ids", "since"));
                List<UUID> jobIds = jobIds(root);
                yield new ClientCommand.Subscribe(jobIds, since(root.get("since"), jobIds));
            }
            case "unsubscribe" -> {
                allowOnly(root, Set.of("action", "job_ids"));
                yield new ClientCommand.Unsubscribe(jobIds(root));
            }
            case "subscribe_owner" -> {
                allowOnly(root, Set.of("action", "after"));
                yield after(root.get("after"));
            }
            case "unsubscribe_owner" -> simple(root, new ClientCommand.UnsubscribeOwner());
            case "ping" -> simple(root, new ClientCommand.Ping());
            case "heartbeat" -> simple(root, new ClientCommand.Heartbeat());
            case "subscribe_stats" -> simple(root, new ClientCommand.SubscribeStats());
            case "unsubscribe_stats" -> simple(root, new ClientCommand.UnsubscribeStats());
            default -> throw new InvalidClientMessageException(
                    "Unknown action '" + abbreviate(action.asText()) + "'; expected one of: " + ACTIONS);
        };
    }

    private static ClientCommand simple(JsonNode root, ClientCommand command) {
        allowOnly(root, Set.of("action"));
        return command;
    }

    private static void allowOnly(JsonNode root, Set<String> allowed) {
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new InvalidClientMessageException("Unknown field '" + abbreviate(name) + "' for action '"
                        + root.get("action").asText() + "'");
            }
        }
    }

    private List<UUID> jobIds(JsonNode root) {
        JsonNode ids = root.get("job_ids");
        if (ids == null || !ids.isArray()) {
            throw new InvalidClientMessageException("Field 'job_ids' is required and must be an array of job id strings");
        }
        if (ids.isEmpty()) {
            throw new InvalidClientMessageException("Field 'job_ids' must not be empty");
        }
        if (ids.size() > maxJobIds) {
            throw new InvalidClientMessageException("Field 'job_ids' holds " + ids.size()
                    + " ids; at most " + maxJobIds + " are accepted per message");
        }
        Set<UUID> distinct = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            distinct.add(uuid(ids.get(i), "job_ids[" + i + "]"));
        }
        return new ArrayList<>(distinct);
    }

    /** The cursor of {@code subscribe_owner}: absent, or {@code {created_at, job_id}} of a job the client knows. */
    private static ClientCommand.SubscribeOwner after(JsonNode after) {
        if (after == null || after.isNull()) {
            return new ClientCommand.SubscribeOwner(null, null);
        }
        if (!after.isObject() || !after.has("created_at") || !after.has("job_id") || after.size() != 2) {
            throw new InvalidClientMessageException(
                    "Field 'after' must be an object {created_at, job_id}: the cursor of the last JOB_CREATED");
        }
        JsonNode createdAt = after.get("created_at");
        try {
            if (!createdAt.isTextual()) {
                throw new DateTimeParseException("not a string", createdAt.toString(), 0);
            }
            return new ClientCommand.SubscribeOwner(OffsetDateTime.parse(createdAt.asText()).toInstant(),
                    uuid(after.get("job_id"), "after.job_id"));
        } catch (DateTimeParseException e) {
            throw new InvalidClientMessageException("Field 'after.created_at' must be an ISO-8601 date-time with an "
                    + "offset, as JOB_CREATED's created_at");
        }
    }

    private static Map<UUID, Long> since(JsonNode since, List<UUID> jobIds) {
        if (since == null || since.isNull()) {
            return Map.of();
        }
        if (!since.isObject()) {
            throw new InvalidClientMessageException("Field 'since' must be an object mapping job ids to the last seq seen");
        }
        Map<UUID, Long> result = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = since.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            UUID jobId = uuid(field.getKey(), "since key");
            if (!jobIds.contains(jobId)) {
                throw new InvalidClientMessageException("since." + jobId + " names a job that is not in 'job_ids'");
            }
            JsonNode seq = field.getValue();
            if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.asLong() < 0) {
                throw new InvalidClientMessageException("since." + jobId + " must be a non-negative integer seq");
            }
            result.put(jobId, seq.asLong());
        }
        return result;
    }

    private static UUID uuid(JsonNode node, String field) {
        if (node == null || !node.isTextual()) {
            throw new InvalidClientMessageException("Field '" + field + "' must be a job id string");
        }
        return uuid(node.asText(), field);
    }

    private static UUID uuid(String text, String field) {
        try {
            if (text.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidClientMessageException("Field '" + field + "' is not a valid job id: '" + abbreviate(text) + "'");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
