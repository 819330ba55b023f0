package io.videojobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.videojobs.error.FieldError;
import io.videojobs.error.ServiceException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates and normalises an owner's metadata edit: TITLE, DESCRIPTION and TAGS only. */
public final class MetadataEdits {

    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 5000;
    static final int MAX_TAGS = 50;
    static final int MAX_TAG = 64;

    private MetadataEdits() {
    }

    /** Returns the edit as typed, trimmed content, or throws with one detail per bad field. */
    public static Map<MetadataType, JsonNode> parse(JsonNode body) {
        if (body == null || !body.isObject() || body.isEmpty()) {
            throw ServiceException.invalid("body", "must be an object with at least one of TITLE, DESCRIPTION, TAGS");
        }
        Map<MetadataType, JsonNode> edits = new EnumMap<>(MetadataType.class);
        List<FieldError> errors = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            MetadataType type = typeOf(field.getKey());
            if (type == null) {
                errors.add(new FieldError(field.getKey(), "is not a metadata type; expected TITLE, DESCRIPTION or TAGS"));
            } else if (!type.isUserEditable()) {
                errors.add(new FieldError(field.getKey(), "is produced by processing and cannot be edited"));
            } else {
                JsonNode content = normalise(type, field.getValue(), errors);
                if (content != null) {
                    edits.put(type, content);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ServiceException.invalid(errors);
        }
        return edits;
    }

    private static MetadataType typeOf(String name) {
        for (MetadataType type : MetadataType.values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }

    private static JsonNode normalise(MetadataType type, JsonNode value, List<FieldError> errors) {
        String field = type.name();
        if (type == MetadataType.TAGS) {
            return tags(value, errors);
        }
        if (value == null || !value.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        String text = value.asText().strip();
        int max = type == MetadataType.TITLE ? MAX_TITLE : MAX_DESCRIPTION;
        if (type == MetadataType.TITLE && text.isEmpty()) {
            errors.add(new FieldError(field, "must not be blank"));
            return null;
        }
        if (text.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
            return null;
        }
        return TextNode.valueOf(text);
    }

    private static JsonNode tags(JsonNode value, List<FieldError> errors) {
        if (value == null || !value.isArray()) {
            errors.add(new FieldError("TAGS", "must be an array of strings"));
            return null;
        }
        if (value.size() > MAX_TAGS) {
            errors.add(new FieldError("TAGS", "must hold at most " + MAX_TAGS + " tags"));
            return null;
        }
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode tag = value.get(i);
            String text = tag.isTextual() ? tag.asText().strip() : "";
            if (text.isEmpty() || text.length() > MAX_TAG) {
                errors.add(new FieldError("TAGS[" + i + "]", "must be a non-blank string of at most " + MAX_TAG + " characters"));
                return null;
            }
            tags.add(text);
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        tags.forEach(array::add);
        return array;
    }
}
